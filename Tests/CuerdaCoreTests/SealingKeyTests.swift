import Crypto
import CuerdaCore
import CuerdaTestSupport
import Foundation
import Testing

@Suite struct SealingKeyTests {
    /// The X25519 key computed from a device ID (Edwards → Montgomery) is the public key of the
    /// X25519 private key derived from the device's seed: checked against BoringSSL.
    @Test(arguments: [11, 12, 13])
    func theConvertedPublicKeyMatchesTheDerivedPrivateKey(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<100 {
            let key = try DeviceKey(rawRepresentation: Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }))
            let converted = try key.id.agreementKey().rawRepresentation
            #expect(converted == key.agreementKey.publicKey.rawRepresentation, "seed \(seed), device \(key.id)")
        }
    }

    @Test func hpkeSealsToADeviceIDAndOnlyThatDeviceOpens() throws {
        let alice = DeviceKey()
        let mallory = DeviceKey()
        let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
        var sender = try HPKE.Sender(recipientKey: alice.id.agreementKey(), ciphersuite: suite, info: Data("t".utf8))
        let ciphertext = try sender.seal(Data("grades".utf8))
        var recipient = try HPKE.Recipient(
            privateKey: alice.agreementKey, ciphersuite: suite, info: Data("t".utf8), encapsulatedKey: sender.encapsulatedKey)
        #expect(try recipient.open(ciphertext) == Data("grades".utf8))
        var intruder = try HPKE.Recipient(
            privateKey: mallory.agreementKey, ciphersuite: suite, info: Data("t".utf8), encapsulatedKey: sender.encapsulatedKey)
        #expect(throws: (any Error).self) { try intruder.open(ciphertext) }
    }
}
