import Foundation
import Testing

@testable import SextantCore

@Suite("API key texts")
struct APIKeyTextTests {
    @Test func aGeneratedKeyReadsBackAndItsParts() {
        var random = SystemRandomNumberGenerator()
        let key = APIKeyText.generate(using: &random)
        #expect(key.text.hasPrefix("sxk_") && key.text.utf8.count == APIKeyText.length)
        #expect(APIKeyText.parse(key.text) == key)
        #expect(key.id.count == 12 && key.secret.count == 32)
        #expect(key.secretHash == SHA256.digest(Array(key.secret.utf8)))
        #expect(APIKeyText.generate(using: &random) != key)
    }

    @Test func everySingleCharacterChangeIsRefusedByTheChecksum() {
        var random = SystemRandomNumberGenerator()
        let text = Array(APIKeyText.generate(using: &random).text)
        // Each position of id, secret and checksum, changed to another alphanumeric character.
        for position in 4..<text.count where text[position] != "_" {
            var typo = text
            typo[position] = text[position] == "a" ? "b" : "a"
            #expect(APIKeyText.parse(String(typo)) == nil, "a changed character at \(position) was accepted")
        }
    }

    @Test(arguments: [
        "", "sxk_", "Bearer", "ghp_0123456789abcdef0123456789abcdef0123",
        "sxk_000000000000_00000000000000000000000000000000_000000",   // checksum does not match
        "sxk_00000000000_000000000000000000000000000000000_000000",   // part lengths
        "sxk_0000000000é0_00000000000000000000000000000000_000000",   // not ASCII
        String(repeating: "x", count: 10_000),
    ])
    func whatIsNotAKeyIsRefused(_ text: String) {
        #expect(APIKeyText.parse(text) == nil)
    }

    @Test func crc32IsZlibs() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func hmacMatchesRFC4231() {
        // Test case 2 of RFC 4231.
        let mac = HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        let long = HMAC.sha256(key: [UInt8](repeating: 0xAA, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(long.map { String(format: "%02x", $0) }.joined() == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
