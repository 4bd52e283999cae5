import Crypto
import CuerdaCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import X509

/// A device's TLS identity: a self-signed X.509 certificate for its Ed25519 device key.
///
/// No certificate authority is involved. The TLS handshake proves that the peer holds the
/// private key of the certificate's public key, and that public key *is* the device ID, so
/// checking the device against the replica's members is the whole of authentication.
struct DeviceCertificate: Sendable {
    let certificate: NIOSSLCertificate
    let privateKey: NIOSSLPrivateKey

    init(device: DeviceKey, workspace: WorkspaceID, now: Date = Date()) throws(CuerdaError) {
        do {
            let key = Certificate.PrivateKey(try Curve25519.Signing.PrivateKey(rawRepresentation: device.rawRepresentation))
            // The name carries nothing the peer relies on (the key is the identity); short
            // names keep the handshake small.
            let name = try DistinguishedName { CommonName("cuerda") }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
                issuer: name, subject: name, signatureAlgorithm: .ed25519, extensions: Certificate.Extensions(),
                issuerPrivateKey: key)
            self.certificate = try NIOSSLCertificate(bytes: Array(try certificate.serializeAsPEM().pemString.utf8), format: .pem)
            self.privateKey = try NIOSSLPrivateKey(bytes: Array(try key.serializeAsPEM().pemString.utf8), format: .pem)
        } catch {
            throw CuerdaError(.network, "cannot make this device's TLS certificate", underlying: "\(error)")
        }
    }

    /// The device a peer's certificate speaks for: its Ed25519 public key, provided the
    /// certificate is well formed and signed by that same key.
    static func device(of certificate: NIOSSLCertificate) throws(CuerdaError) -> DeviceID {
        let parsed: Certificate
        do {
            parsed = try Certificate(derEncoded: try certificate.toDERBytes())
        } catch {
            throw CuerdaError(.refused, "the peer's certificate is not readable X.509")
        }
        guard let key = Curve25519.Signing.PublicKey(parsed.publicKey) else {
            throw CuerdaError(.refused, "the peer's certificate does not carry an Ed25519 device key")
        }
        guard parsed.publicKey.isValidSignature(parsed.signature, for: parsed) else {
            throw CuerdaError(.refused, "the peer's certificate is not signed by its own device key")
        }
        return try DeviceID(bytes: Array(key.rawRepresentation))
    }

    /// TLS 1.3 only, Ed25519 signatures only, and a certificate required from the peer; the
    /// peer's certificate is then judged by ``PeerGate``, not by a chain of trust.
    func tlsContext(server: Bool) throws(CuerdaError) -> NIOSSLContext {
        var configuration =
            server
            ? TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(privateKey))
            : TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = [.certificate(certificate)]
        configuration.privateKey = .privateKey(privateKey)
        configuration.minimumTLSVersion = .tlsv13
        configuration.certificateVerification = .noHostnameVerification
        configuration.signingSignatureAlgorithms = [.ed25519]
        configuration.verifySignatureAlgorithms = [.ed25519]
        // No certificate authority is consulted (``PeerGate`` decides), so the system's list
        // is not loaded: it cost ~7 ms of CPU per context.
        configuration.trustRoots = .certificates([])
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw CuerdaError(.network, "cannot set up TLS", underlying: "\(error)")
        }
    }
}

/// Decides, during each TLS handshake, whether the peer's device may sync with this replica,
/// and remembers the answer for the session (who the peer is and what it may receive).
final class PeerGate: Sendable {
    /// The outcome of one handshake.
    enum Verdict: Sendable {
        case accepted(DeviceID, audiences: Set<Audience>)
        case refused(CuerdaError)
    }

    private struct State {
        var verdict: Verdict?
        var whenAccepted: [@Sendable (Set<Audience>) -> Void] = []
    }

    private let state = NIOLockedValueBox(State())
    private let authorize: @Sendable (DeviceID) throws(CuerdaError) -> Set<Audience>?
    private let threadPool: NIOThreadPool

    /// - Parameter authorize: the audiences the device may receive, or nil if it is not a
    ///   member. It runs on `threadPool`, never on an event loop (it reads the replica).
    init(threadPool: NIOThreadPool, authorize: @escaping @Sendable (DeviceID) throws(CuerdaError) -> Set<Audience>?) {
        self.threadPool = threadPool
        self.authorize = authorize
    }

    /// What the handshake decided; nil if it never got as far as the peer's certificate.
    var outcome: Verdict? { state.withLockedValue { $0.verdict } }

    /// Runs `body` with the audiences the peer may receive once it is accepted (at once if it
    /// already is), before the handshake goes on; never if it is refused.
    func whenAccepted(_ body: @escaping @Sendable (Set<Audience>) -> Void) {
        let accepted: Set<Audience>? = state.withLockedValue { s in
            if case .accepted(_, let audiences) = s.verdict { return audiences }
            s.whenAccepted.append(body)
            return nil
        }
        if let accepted { body(accepted) }
    }

    /// The custom verification callback handed to the TLS handler.
    func verify(_ certificates: [NIOSSLCertificate], _ promise: EventLoopPromise<NIOSSLVerificationResult>) {
        guard let leaf = certificates.first else {
            refuse(CuerdaError(.refused, "the peer presented no certificate"), promise)
            return
        }
        let device: DeviceID
        do {
            device = try DeviceCertificate.device(of: leaf)
        } catch {
            refuse(error, promise)
            return
        }
        let authorize = self.authorize
        threadPool.runIfActive(eventLoop: promise.futureResult.eventLoop) { try authorize(device) }
            .whenComplete { result in
                switch result {
                case .success(let audiences?):
                    let waiting = self.state.withLockedValue { s in
                        s.verdict = .accepted(device, audiences: audiences)
                        defer { s.whenAccepted = [] }
                        return s.whenAccepted
                    }
                    for body in waiting { body(audiences) }
                    promise.succeed(.certificateVerified)
                case .success(nil):
                    self.refuse(CuerdaError(.refused, "device \(device.short) is not a member of this workspace"), promise)
                case .failure(let error):
                    self.refuse(
                        error as? CuerdaError
                            ?? CuerdaError(.storage, "cannot check device \(device.short)", underlying: "\(error)"),
                        promise)
                }
            }
    }

    private func refuse(_ error: CuerdaError, _ promise: EventLoopPromise<NIOSSLVerificationResult>) {
        state.withLockedValue { s in
            s.verdict = .refused(error)
            s.whenAccepted = []
        }
        promise.succeed(.failed)
    }
}
