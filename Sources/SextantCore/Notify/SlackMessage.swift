import Foundation

/// What a Slack message says, as templates over the notification.
public struct SlackMessage: Sendable, Equatable {
    public var channel: String?
    public var username: String?
    public var title: String
    public var text: String
    public var iconEmoji: String?
    public var iconURL: String?
    public var color: String?

    public init(channel: String? = nil, username: String? = nil, title: String = SlackMessage.defaultTitle, text: String = SlackMessage.defaultText,
                iconEmoji: String? = nil, iconURL: String? = nil, color: String? = nil) {
        self.channel = channel
        self.username = username
        self.title = title
        self.text = text
        self.iconEmoji = iconEmoji
        self.iconURL = iconURL
        self.color = color
    }

    public static let defaultTitle = "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}"
    public static let defaultText = "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}"
}
