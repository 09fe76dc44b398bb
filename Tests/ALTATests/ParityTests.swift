import ALTA
import AltaPrograms
import Testing

@Suite struct ParityTests {
    @Test func ruleCountsMatchTheOriginal() throws {
        let absolute = try ALTAParity.sequentialAbsolute(form: .generated(minimised: true))
        let stats = try #require(absolute.ruleStatistics)
        print("abs", stats)
        #expect(stats.totalBeforeMinimisation == 15_004)
        #expect(stats.total <= 7)
        let relative = try ALTAParity.sequentialRelative(form: .generated(minimised: true))
        print("rel", relative.ruleStatistics!)
        #expect(relative.ruleStatistics?.totalBeforeMinimisation == 10)
        let sparse = try ALTAParity.sequentialRelative(form: .rules)
        #expect(sparse.ruleStatistics?.total == 7)
        let sum = try ALTAParity.sumMod2(form: .generated(minimised: true))
        print("sum", sum.ruleStatistics!)
        #expect(sum.ruleStatistics?.totalBeforeMinimisation == 450)
        let sparseSum = try ALTAParity.sumMod2(form: .rules)
        #expect(sparseSum.ruleStatistics?.total == 200)
        let inter = try ALTAParity.sumMod2Intermediate(form: .generated(minimised: true))
        print("inter", inter.ruleStatistics!)
    }
}
