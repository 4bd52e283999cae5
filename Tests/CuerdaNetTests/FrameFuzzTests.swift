import CuerdaCore
import CuerdaTestSupport
import NIOCore
import NIOEmbedded
import Testing

@testable import CuerdaNet

/// Mutation fuzzing of the frame decoder: streams of real frames (hellos with vectors and
/// tips, batches of signed commits, acks, errors…) are damaged and fed to the decoder the
/// connection uses. Each yields messages or a `.protocolViolation`; a stream cut inside a
/// frame is a `.network` error at end of input; nothing else, and never a crash.
///
/// Seeded: failures name the seed and iteration; `CUERDA_SEED` replays one seed and
/// `CUERDA_FUZZ=N` runs about N iterations (see `Docs/testing.md`).
@Suite struct FrameFuzzTests {
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF6))
    func damagedFramesDecodeOrAreProtocolViolations(seed: UInt64) throws {
        let corpus = try FrameCodecTests.Corpus.shared.get()
        let frames = corpus.messages.map { Array(FrameCodecTests.frame($0).readableBytesView) }
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(400, seeds: 4) {
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) { stream += frames.randomElement(using: &rng)! }
            let bytes = Mutator.mutate(stream, others: frames, using: &rng)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes.prefix(2048)))"
            let channel = FrameCodecTests.decoderChannel(maxHelloBytes: 1 << 16, maxFrameBytes: 1 << 20)
            // Fed in two reads, split at a random point, as the network might deliver it.
            let cut = Int.random(in: 0...bytes.count, using: &rng)
            var failed = false
            for part in [bytes[..<cut], bytes[cut...]] where !failed {
                if let error = FrameCodecTests.feedError(channel, ByteBuffer(bytes: part)) {
                    failed = true
                    let refusal = error as? CuerdaError
                    #expect(refusal?.code == .protocolViolation, "got \(error): \(context)")
                }
            }
            while let message = try channel.readInbound(as: SyncMessage.self) {
                var frame = FrameCodecTests.frame(message)
                frame.moveReaderIndex(forwardBy: SyncMessage.lengthBytes)
                #expect(try SyncMessage(frameBody: frame) == message, "a decoded message does not round-trip: \(context)")
            }
            if !failed {
                do {
                    _ = try channel.finish()
                } catch {
                    let code = (error as? CuerdaError)?.code
                    #expect(code == .protocolViolation || code == .network, "got \(error) at the end of input: \(context)")
                }
            }
        }
    }

    /// Damaged frame bodies given straight to the message decoder (no length limit in the way).
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF7))
    func damagedFrameBodiesDecodeOrThrow(seed: UInt64) throws {
        let corpus = try FrameCodecTests.Corpus.shared.get()
        let bodies = corpus.messages.map { Array(FrameCodecTests.frame($0).readableBytesView.dropFirst(SyncMessage.lengthBytes)) }
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(400, seeds: 4) {
            let bytes = Mutator.mutate(bodies.randomElement(using: &rng)!, others: bodies, using: &rng)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes.prefix(2048)))"
            let message: SyncMessage
            do throws(CuerdaError) {
                message = try SyncMessage(frameBody: ByteBuffer(bytes: bytes))
            } catch {
                #expect(error.code == .protocolViolation, "\(error): \(context)")
                continue
            }
            var frame = FrameCodecTests.frame(message)
            frame.moveReaderIndex(forwardBy: SyncMessage.lengthBytes)
            #expect(try SyncMessage(frameBody: frame) == message, "\(context)")
        }
    }
}
