import Crypto
import Foundation
import SextantCore
import Synchronization

/// The web UI's sign-ins: an API key entered once becomes a server-side session, named by a
/// random token in an `HttpOnly`, `SameSite=Lax` cookie (`Secure` under TLS). The key stays in
/// this process's memory only, so revoking or expiring the key ends its sessions at once; a
/// session also ends after `idleTimeout` without a request, after `absoluteTimeout` in all, and at
/// sign-out. Each session has a CSRF token that every form it submits must carry.
final class UISessions: Sendable {
    struct Session: Sendable {
        let key: APIKeyText
        let csrf: String
        let created: Date
        var lastSeen: Date
    }

    static let cookieName = "sextant_session"
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval
    /// The most sessions held; the least recently used go first.
    let maximumSessions: Int
    private let sessions = Mutex<[String: Session]>([:])

    init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 3_600, maximumSessions: Int = 10_000) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.maximumSessions = maximumSessions
    }

    /// A new session for `key`: its cookie token and CSRF token.
    func create(key: APIKeyText, now: Date) -> (token: String, csrf: String) {
        let token = Self.randomToken(), csrf = Self.randomToken()
        sessions.withLock { sessions in
            sessions = sessions.filter { isLive($0.value, at: now) }
            if sessions.count >= maximumSessions, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key {
                sessions[oldest] = nil
            }
            sessions[Self.digest(token)] = Session(key: key, csrf: csrf, created: now, lastSeen: now)
        }
        return (token, csrf)
    }

    /// The live session `token` names, its last use moved to `now`; `nil` (and forgotten) when it has expired.
    func session(token: String, now: Date) -> Session? {
        let name = Self.digest(token)
        return sessions.withLock { sessions in
            guard var session = sessions[name] else { return nil }
            guard isLive(session, at: now) else {
                sessions[name] = nil
                return nil
            }
            session.lastSeen = now
            sessions[name] = session
            return session
        }
    }

    func end(token: String) {
        let name = Self.digest(token)
        sessions.withLock { _ = $0.removeValue(forKey: name) }
    }

    private func isLive(_ session: Session, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) < idleTimeout && now.timeIntervalSince(session.created) < absoluteTimeout
    }

    /// The session token in a `Cookie` header.
    static func token(fromCookies header: String?) -> String? {
        UIForm.cookie(cookieName, inHeader: header).flatMap { $0.utf8.count == 43 ? $0 : nil }
    }

    func cookie(token: String, secure: Bool) -> String {
        "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(Int(absoluteTimeout))\(secure ? "; Secure" : "")"
    }

    static func clearingCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0\(secure ? "; Secure" : "")"
    }

    /// 32 random bytes, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return OIDCLogin.base64URL(bytes)
    }

    private static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
