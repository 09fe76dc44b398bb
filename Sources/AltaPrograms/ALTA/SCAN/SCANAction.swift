/// The 6 SCAN actions (the QCFG's target terminals) with their program names
/// (`WALK`, …, `LTURN`, `RTURN`) as raw values.
public enum SCANAction: String, CaseIterable, Sendable, Hashable {
    case walk = "WALK"
    case look = "LOOK"
    case run = "RUN"
    case jump = "JUMP"
    case turnLeft = "LTURN"
    case turnRight = "RTURN"

    /// Grammar symbol id (14–19), see ``SCANSymbol``.
    public var symbolID: Int {
        switch self {
        case .walk: return 14
        case .look: return 15
        case .run: return 16
        case .jump: return 17
        case .turnLeft: return 18
        case .turnRight: return 19
        }
    }

    /// Actions by either spelling.
    static let byName: [String: SCANAction] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) }
            + allCases.map { ($0.datasetName, $0) })

    /// The name used in SCAN data files (`I_WALK`, …, `I_TURN_LEFT`, `I_TURN_RIGHT`).
    public var datasetName: String {
        switch self {
        case .walk: return "I_WALK"
        case .look: return "I_LOOK"
        case .run: return "I_RUN"
        case .jump: return "I_JUMP"
        case .turnLeft: return "I_TURN_LEFT"
        case .turnRight: return "I_TURN_RIGHT"
        }
    }

    /// The action with grammar symbol id `symbolID`, or `nil` outside 14–19.
    public init?(symbolID: Int) {
        let index = symbolID - 14
        guard SCANAction.allCases.indices.contains(index) else { return nil }
        self = SCANAction.allCases[index]
    }

    /// The action named `name` in either spelling (`I_TURN_LEFT` or `LTURN`).
    public init?(name: String) {
        if let action = SCANAction(rawValue: name) {
            self = action
        } else if let action = SCANAction.allCases.first(where: { $0.datasetName == name }) {
            self = action
        } else {
            return nil
        }
    }
}

extension Array where Element == SCANAction {
    /// The actions as text in program spelling (`JUMP JUMP`).
    public var actionText: String { map(\.rawValue).joined(separator: " ") }
}
