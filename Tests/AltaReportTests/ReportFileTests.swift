import AltaReport
import Foundation
import Testing

/// A report file replaces only an earlier report.
@Suite struct ReportFileTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let page = "<!DOCTYPE html>\n<html><head>\(HTMLReport.marker)</head><body>one</body></html>\n"

    @Test func writesANewFileAndReplacesAnEarlierReport() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.html").path
        try ReportFile.write(Self.page, to: path)
        #expect(ReportFile.isReport(atPath: path))
        let second = Self.page.replacingOccurrences(of: "one", with: "two")
        try ReportFile.write(second, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.html"], "no staging file left")
    }

    @Test func refusesToOverwriteAFileThatIsNotAReport() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.html").path
        let mine = "<html><body>my notes</body></html>\n"
        try Data(mine.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReportFile.WriteError.notAReport(path)) { try ReportFile.write(Self.page, to: path) }
        do {
            try ReportFile.write(Self.page, to: path)
        } catch {
            #expect(error.description == "'\(path)' exists and is not an Alta report; Alta does not overwrite it (choose another name or remove it first)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == mine)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.html"])
    }

    @Test func refusesAFolderALinkAndAnEmptyName() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ReportFile.WriteError.folder(folder.path)) { try ReportFile.write(Self.page, to: folder.path) }
        #expect(ReportFile.WriteError.folder("out").description == "'out' is a folder; give the name of an .html file")
        let target = folder.appendingPathComponent("report.html").path
        try ReportFile.write(Self.page, to: target)
        let link = folder.appendingPathComponent("link.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: ReportFile.WriteError.symbolicLink(link)) { try ReportFile.write(Self.page, to: link) }
        #expect(throws: ReportFile.WriteError.emptyPath) { try ReportFile.write(Self.page, to: "") }
        let missing = folder.appendingPathComponent("missing/report.html").path
        #expect(throws: ReportFile.WriteError.cannotWrite(missing, reason: "its folder '\(folder.path)/missing' does not exist")) {
            try ReportFile.write(Self.page, to: missing)
        }
        #expect(ReportFile.WriteError.emptyPath.description == "the report file name is empty")
    }
}
