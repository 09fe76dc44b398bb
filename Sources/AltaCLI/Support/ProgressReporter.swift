import Foundation

/// Progress of long work on stderr, drawn as `\r` frames only when stderr is a terminal.
///
/// Two kinds of work: counted (`advance(to:)`, e.g. SCAN commands: a bar with rate and
/// time left, redrawn at most ten times a second) and staged (`stage(_:)`, e.g. the steps
/// of a compile: the stage name with its elapsed time, shown once it has run for a second).
/// When stderr is not a terminal (a log file, a pipe) no frame is drawn: counted work
/// writes a plain line at every tenth of the total and stages write nothing. `note(_:)`
/// writes a plain line either way.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal: Bool
    private let enabled: Bool
    private let total: Int
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var current = 0
    private var lastTenth = 0
    /// Text after the bar (counted work), set by `advance(to:detail:)`.
    private var detail: String?
    /// The running stage and when it began (staged work).
    private var stageName: String?
    private var stageStart = Date()
    /// Bumped whenever the stage changes, so an old ticker stops.
    private var generation = 0
    /// Whether a frame is on screen (to be cleared before a plain line).
    private var drawn = false

    /// A reporter for `total` items (`0` for staged work); `enabled: false` prints nothing
    /// (e.g. under `--json`). `label` starts the plain lines of counted work.
    init(total: Int = 0, label: String = "", enabled: Bool = true, terminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = total
        self.label = label
        self.enabled = enabled
        self.terminal = terminal
    }

    /// Runs `body` as one stage of staged work, then clears its frame.
    static func during<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let reporter = ProgressReporter()
        reporter.stage(stage)
        defer { reporter.finish() }
        return try body()
    }

    // MARK: Counted work

    /// Records that `value` items are done; `detail` (e.g. a training loss) follows the bar
    /// and the plain lines.
    func advance(to value: Int, detail: String? = nil) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        current = max(current, value)
        if let detail { self.detail = detail }
        if terminal {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 || current == total else { return }
            lastDraw = now
            write("\r" + bar(now: now))
            drawn = true
        } else if total > 0 {
            let tenth = 10 * current / total
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            write("\(label.isEmpty ? "" : label + ": ")\(current)/\(total) (\(tenth * 10)%)\(detail.map { "  " + $0 } ?? "")\n")
        }
    }

    private func bar(now: Date) -> String {
        let width = 30
        let filled = total > 0 ? min(width, width * current / total) : width
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(current) / elapsed : 0
        let remaining = rate > 0 ? Double(total - current) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        return "[\(bar)] \(current)/\(total)  \(String(format: "%.1f", rate))/s  eta \(String(format: "%.0f", remaining)) s "
            + (detail.map { " \($0) " } ?? "")
    }

    // MARK: Staged work

    /// Starts a stage (ending the previous one); on a terminal its name and elapsed time
    /// appear once it has run for a second.
    func stage(_ name: String) {
        guard enabled, terminal else { return }
        lock.lock()
        clearFrame()
        stageName = name
        stageStart = Date()
        generation += 1
        let ticket = generation
        lock.unlock()
        tick(ticket)
    }

    private func tick(_ ticket: Int) {
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.25) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard ticket == generation, let stageName else { return }
            let elapsed = Date().timeIntervalSince(stageStart)
            if elapsed >= 1 {
                write("\r\u{1B}[K… \(stageName)  \(String(format: "%.0f", elapsed)) s")
                drawn = true
            }
            tick(ticket)
        }
    }

    // MARK: Lines and the end

    /// A plain line (e.g. the benchmark's "… program"), after clearing any frame.
    func note(_ line: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        clearFrame()
        write(line + "\n")
    }

    /// Ends the work: the final bar of counted work stays (followed by a newline), a
    /// stage's frame is cleared.
    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        generation += 1
        if stageName != nil {
            stageName = nil
            clearFrame()
        } else if terminal && total > 0 {
            write("\r" + bar(now: Date()) + "\n")
            drawn = false
        }
    }

    private func clearFrame() {
        if drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
