import SextantCore

/// What the alert listings read: the alerts held, the rule alerts pending and the marker that
/// tells each one's status.
struct AlertListing: Sendable {
    let held: [Alert]
    let pending: [AlertStatus]
    let marker: AlertMarker

    /// The statuses of the alerts whose labels `matchers` match, unordered. Graph annotations
    /// change no label, so the matchers are tried before anything else is worked out.
    func statuses(matching matchers: [LabelMatcher]) -> [AlertStatus] {
        held.compactMap { matchers.matches($0.labels) ? marker.status(of: $0) : nil } + pending.filter { matchers.matches($0.alert.labels) }
    }

    /// One page of the statuses whose labels `matchers` match and that `admits` lets through,
    /// in position order after `after`, at most `limit`; with the position of its last status
    /// when more follow. The alerts are ordered before they are marked, so that only those of
    /// the page (and the ones `admits` turns away on the way) are marked.
    func page(matching matchers: [LabelMatcher], after: AlertPosition?, limit: Int,
              admitting admits: (AlertStatus) -> Bool) -> (statuses: [AlertStatus], next: AlertPosition?) {
        // Positions with the index of their alert in `held`, or in `pending` when pending.
        var candidates: [(position: AlertPosition, index: Int)] = []
        for (index, alert) in held.enumerated() where matchers.matches(alert.labels) {
            candidates.append((AlertPosition(fingerprint: alert.fingerprint, pending: false), index))
        }
        for (index, status) in pending.enumerated() where matchers.matches(status.alert.labels) {
            candidates.append((AlertPosition(fingerprint: status.alert.fingerprint, pending: true), index))
        }
        candidates.sort { $0.position < $1.position }
        var page: [AlertStatus] = []
        var last: AlertPosition?
        for (position, index) in candidates where after.map({ $0 < position }) ?? true {
            let status = position.pending ? pending[index] : marker.status(of: held[index])
            guard admits(status) else { continue }
            guard page.count < limit else { return (page, last) }
            page.append(status)
            last = position
        }
        return (page, nil)
    }
}
