import Foundation
import Testing
import SextantCore

@Suite("Catalog plan")
struct CatalogPlanTests {
    let a = Component(name: "a", owner: "o", tier: 1)
    let b = Component(name: "b", owner: "o", tier: 2)
    let c = Component(name: "c", owner: "o", tier: 3)

    @Test func sortsIntoCreatesUpdatesAndUnchanged() {
        var changedB = b
        changedB.tier = 4
        let plan = CatalogPlan.make(existing: ["a": a, "b": b, "c": c], desired: [a, changedB, Component(name: "d", owner: "o", tier: 1)], prune: false)
        #expect(plan.creates.map(\.name) == ["d"])
        #expect(plan.updates == [changedB])
        #expect(plan.unchanged == ["a"])
        #expect(plan.deletes.isEmpty)
        #expect(plan.hasChanges)
    }

    @Test func applyingTheSameDocumentTwicePlansNothing() {
        let plan = CatalogPlan.make(existing: ["a": a, "b": b], desired: [a, b], prune: true)
        #expect(!plan.hasChanges)
        #expect(plan.unchanged == ["a", "b"])
    }

    @Test func pruningDeletesWhatIsNotListed() {
        let plan = CatalogPlan.make(existing: ["a": a, "b": b, "c": c], desired: [b], prune: true)
        #expect(plan.deletes == ["a", "c"])
    }
}
