import CuerdaCore

/// Something a commit wrote, placed in the causal order by its commit's feed and sequence.
protocol CausallyPlaced {
    var feed: FeedID { get }
    var seq: UInt64 { get }
}

extension MembershipFact: CausallyPlaced {}

/// Facts that verdicts read as of a commit's causal past: the membership facts
/// (``FactLedger``) and the fact tables' cells (``RecordLedger``) keep theirs here, so that
/// "which facts did this commit see" has one answer.
struct CausalFacts<Fact: CausallyPlaced> {
    private(set) var all: [Fact] = []
    /// Per feed, the highest seq holding a fact: all facts are in a commit's past if these are.
    private var frontier: [FeedID: UInt64] = [:]

    mutating func append(_ fact: Fact) {
        all.append(fact)
        frontier[fact.feed] = max(frontier[fact.feed] ?? 0, fact.seq)
    }

    /// The facts in the causal past of `commit`, or nil when that is every fact (the usual
    /// case, which callers answer from a cached fold).
    func inPast(of commit: CommitContent) -> [Fact]? {
        if frontier.allSatisfy({ commit.hasInPast($0.key, $0.value) }) { return nil }
        return all.filter { commit.hasInPast($0.feed, $0.seq) }
    }
}
