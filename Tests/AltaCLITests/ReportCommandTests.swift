import AltaTestSupport
import Foundation
import Testing

/// `alta report` through the real executable: it writes one HTML page, replaces only an
/// earlier report, and names what is wrong.
@Suite(.serialized) struct ReportCommandTests {
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    @Test func writesAReportAndReplacesOnlyAReport() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try CommandRunner.run(["report", "sort", "--input", "3 1 2", "-o", "sort.html"], in: work)
        #expect(first.status == 0 && first.stdout == "report: sort.html\n", "\(first.stderr)")
        let page = try String(contentsOf: work.appendingPathComponent("sort.html"), encoding: .utf8)
        #expect(page.contains("<meta name=\"generator\" content=\"alta report\"/>"))
        #expect(page.contains("<section id=\"attention\">") && page.contains("sort_1"))
        // An earlier report is replaced.
        let again = try CommandRunner.run(["report", "reverse", "--input", "a b", "-o", "sort.html"], in: work)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: work.appendingPathComponent("sort.html"), encoding: .utf8).contains("Alta report: reverse"))
        // A file of the user's is not.
        let notes = work.appendingPathComponent("notes.html")
        try Data("<p>mine</p>\n".utf8).write(to: notes)
        let refused = try CommandRunner.run(["report", "sort", "--input", "3 1 2", "-o", "notes.html"], in: work)
        #expect(refused.status == 74)
        #expect(refused.stderr == "Error: 'notes.html' exists and is not an Alta report; Alta does not overwrite it (choose another name or remove it first)\n")
        #expect(try Data(contentsOf: notes) == Data("<p>mine</p>\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["notes.html", "sort.html"])
    }

    @Test func altaReportHasTheInterpreterTrace() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try CommandRunner.run(["report", "parity_sequential_absolute", "--input", "0110", "-o", "parity.html"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: work.appendingPathComponent("parity.html"), encoding: .utf8)
        #expect(page.contains("<section id=\"interpreter\">") && page.contains("class=\"data fired-rules\""))
    }

    /// Checked in this process: an input that does not encode (65), an empty file name (1), a
    /// folder where the file should go (74).
    @Test func wrongInputsAndOutputsAreNamed() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let cases: [([String], String, Int32)] = [
            (["report", "parity_sequential_absolute", "--input", "01a", "-o", work.appendingPathComponent("p.html").path],
             "parity_sequential_absolute: cannot encode input '01a': 'a' at position 2 is not one of 0 1", 65),
            (["report", "sort", "--input", "3 1", "-o", ""], "the report file name is empty", 1),
            (["report", "sort", "--input", "3 1", "-o", work.path], "'\(work.path)' is a folder; give the name of an .html file", 74),
        ]
        for (arguments, message, status) in cases {
            try InProcess.expectFailure(arguments, message, exitCode: status)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }
}
