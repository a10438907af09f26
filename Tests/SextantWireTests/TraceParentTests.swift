import Testing
import SextantWire

@Suite("W3C traceparent")
struct TraceParentTests {
    @Test func parsesTheSpecificationsExample() throws {
        let parent = try #require(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(parent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parent.parentID == "00f067aa0ba902b7")
        #expect(parent.flags == 1)
        #expect(parent.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    }

    @Test(arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
    ])
    func rejectsMalformedHeaders(_ header: String) {
        #expect(TraceParent(header: header) == nil)
    }

    @Test func acceptsFutureVersionsByTheirFirstFields() {
        #expect(TraceParent(header: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds")?.traceID
            == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func makesValidIDs() {
        let traceID = TraceParent.makeTraceID()
        let spanID = TraceParent.makeSpanID()
        #expect(TraceParent(header: "00-\(traceID)-\(spanID)-01") != nil)
        #expect(TraceParent.makeTraceID() != traceID)
    }
}
