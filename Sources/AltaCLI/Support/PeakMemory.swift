import Foundation

#if canImport(Darwin)
import Darwin
#endif

/// The process's peak resident set size so far.
enum PeakMemory {
    /// Bytes, or 0 when the system does not say. Linux: `VmHWM` of `/proc/self/status`
    /// (`getrusage`'s maximum would include the RSS of the parent at `fork`); elsewhere
    /// `getrusage`'s `ru_maxrss` (bytes on macOS).
    static var bytes: Int {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
        #elseif canImport(Darwin)
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #else
        return 0
        #endif
    }
}
