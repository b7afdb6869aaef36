import KubeCache
import Testing

@Suite struct LabelSelectorTests {
    typealias Requirement = LabelSelector.Requirement

    @Test func notInAndDoesNotExistMatchLabelSetsWithoutTheKey() {
        #expect(Requirement(key: "tier", operator: .notIn, values: ["db"]).matches(["app": "web"]))
        #expect(Requirement(key: "tier", operator: .doesNotExist).matches(["app": "web"]))
        #expect(!Requirement(key: "tier", operator: .in, values: ["db"]).matches(["app": "web"]))
        #expect(!Requirement(key: "tier", operator: .exists).matches(["app": "web"]))
    }

    @Test func selectorAndsMatchLabelsAndExpressions() {
        let selector = LabelSelector(matchLabels: ["app": "web"], matchExpressions: [Requirement(key: "track", operator: .notIn, values: ["canary"])])
        #expect(selector.matches(["app": "web", "track": "stable"]))
        #expect(selector.matches(["app": "web"]))
        #expect(!selector.matches(["app": "web", "track": "canary"]))
        #expect(!selector.matches(["app": "api"]))
    }

    @Test func emptySelectorSelectsAll() {
        #expect(LabelSelector().selectsAll)
        #expect(LabelSelector().matches([:]))
    }

    @Test func identicalIgnoresOrderOfRequirementsAndValues() {
        let a = LabelSelector(matchExpressions: [Requirement(key: "a", operator: .in, values: ["1", "2"]), Requirement(key: "b", operator: .exists)])
        let b = LabelSelector(matchExpressions: [Requirement(key: "b", operator: .exists), Requirement(key: "a", operator: .in, values: ["2", "1"])])
        #expect(a.isIdentical(to: b))
        #expect(!a.isIdentical(to: LabelSelector(matchExpressions: [Requirement(key: "b", operator: .exists)])))
    }

    static let satisfiability: [(LabelSelector, LabelSelector, Bool)] = [
        (LabelSelector(matchLabels: ["app": "a"]), LabelSelector(matchLabels: ["app": "b"]), false),
        (LabelSelector(matchLabels: ["app": "a"]), LabelSelector(matchLabels: ["tier": "x"]), true),
        (LabelSelector(matchExpressions: [Requirement(key: "k", operator: .in, values: ["x"])]),
         LabelSelector(matchExpressions: [Requirement(key: "k", operator: .notIn, values: ["x"])]), false),
        (LabelSelector(matchExpressions: [Requirement(key: "k", operator: .exists)]),
         LabelSelector(matchExpressions: [Requirement(key: "k", operator: .doesNotExist)]), false),
        (LabelSelector(matchExpressions: [Requirement(key: "k", operator: .in, values: ["x", "y"])]),
         LabelSelector(matchExpressions: [Requirement(key: "k", operator: .notIn, values: ["x"])]), true),
        (LabelSelector(matchExpressions: [Requirement(key: "k", operator: .notIn, values: ["x"])]),
         LabelSelector(matchExpressions: [Requirement(key: "k", operator: .doesNotExist)]), true),
        (LabelSelector(), LabelSelector(matchLabels: ["app": "a"]), true),
    ]

    @Test(arguments: satisfiability)
    func jointSatisfiability(_ a: LabelSelector, _ b: LabelSelector, _ expected: Bool) {
        #expect(a.isJointlySatisfiable(with: b) == expected)
        #expect(b.isJointlySatisfiable(with: a) == expected)
    }
}
