import Foundation

/// Why a notification is sent.
public enum NotificationReason: String, Sendable, Codable, CaseIterable {
    /// The group had not been notified to this integration.
    case firstNotification = "first-notification"
    /// Alerts are firing that were not in the last notification.
    case newFiringAlerts = "new-firing-alerts"
    /// Alerts of the last notification resolved (and the integration wants to hear it).
    case alertsResolved = "alerts-resolved"
    /// Every alert of the last notification resolved.
    case allResolved = "all-resolved"
    /// Nothing changed, and the repeat interval has passed.
    case repeatInterval = "repeat-interval"
    /// Forwarded alerts still firing, sent again at every flush so that the Alertmanager they
    /// are forwarded to keeps them (as Prometheus re-sends its firing alerts).
    case resend = "resend"
}
