import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import CuerdaNet

/// The frame layer of the sync protocol: a 4-byte big-endian length of what follows, a
/// 1-byte kind and a protobuf-wire payload. Untrusted bytes from the network must either
/// decode to exactly what was sent or be refused with `.protocolViolation`, and a huge
/// length prefix must be refused from the prefix alone.
@Suite struct FrameCodecTests {
    /// Realistic messages of every kind: hellos with real multi-entry vectors and batches
    /// of real signed commits, written by replicas and read back from their logs.
    struct Corpus: Sendable {
        /// Built once: writing and signing the commits is the slow part.
        static let shared = Result { try Corpus() }

        let messages: [SyncMessage]
        /// Every kind, but only a few kilobytes: the verifier drip-feeds its input byte by
        /// byte ten times over, which a debug build does slowly.
        let verifierMessages: [SyncMessage]
        let workspace: WorkspaceID
        let device: DeviceID

        init() throws {
            let dir = TemporaryDirectory()
            let replicas = try Fixtures.replicas(3, in: dir)
            try Fixtures.introduce(replicas)
            var rng = SeededGenerator(seed: 42)
            let workload = RandomWorkload()
            for _ in 0..<20 {
                for replica in replicas { try workload.step(replica, using: &rng) }
            }
            var commits: [SignedCommit] = []
            try replicas[0].forEachCommit { commits += $0 }
            let vector = try replicas[0].vector()
            let otherVector = try replicas[1].vector()
            let (_, tips) = try replicas[0].vectorAndTips()
            var forkedTips = tips
            forkedTips.forks[vector.sorted[0].feed] = 2
            precondition(tips.commits.count == vector.heads.count, "every feed of the vector should have a tip")
            precondition(vector.heads.count >= 6 && commits.count >= 20, "the fixture should give a rich vector and log")
            workspace = replicas[0].workspace
            device = replicas[0].device.id
            messages = [
                .hello(.init(workspace: replicas[0].workspace, device: replicas[0].device.id, vector: vector)),
                .hello(.init(workspace: replicas[1].workspace, device: replicas[1].device.id, vector: otherVector)),
                .hello(.init(workspace: replicas[2].workspace, device: replicas[2].device.id, vector: VersionVector())),
                .hello(.init(workspace: replicas[0].workspace, device: replicas[0].device.id, vector: vector, tips: tips)),
                .hello(
                    .init(workspace: replicas[0].workspace, device: replicas[0].device.id, vector: vector, tips: forkedTips)),
                .hello(
                    .init(version: UInt32.max, workspace: replicas[2].workspace, device: replicas[2].device.id, vector: vector)),
                .batch(.init(number: 1, commits: [commits[0]])),
                .batch(.init(number: 2, commits: Array(commits[1..<6]))),
                .batch(.init(number: 300, commits: commits)),
                .batch(.init(number: UInt64.max, commits: Array(commits.suffix(3)))),
                .ack(1),
                .ack(300),
                .ack(UInt64.max),
                .done,
                .bye,
                .ping,
                .error(""),
                .error("the peer sent nothing for 500 ms"),
                .error("¿qué pasó? — ünïcödé ✓ \u{0}"),
            ]
            verifierMessages = messages.filter { message in
                switch message {
                case .hello(let hello):
                    hello.version == SyncMessage.protocolVersion && hello.device != replicas[1].device.id
                        && hello.tips.forks.isEmpty
                case .batch(let batch): batch.commits.count <= 3
                default: true
                }
            }
        }
    }

    static func frame(_ message: SyncMessage) -> ByteBuffer {
        var buffer = ByteBuffer()
        message.encodeFrame(into: &buffer)
        return buffer
    }

    /// A frame built by hand: the length prefix covers the kind byte and the payload.
    static func rawFrame(kind: UInt8, payload: [UInt8], length: UInt32? = nil) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(length ?? UInt32(1 + payload.count))
        buffer.writeInteger(kind)
        buffer.writeBytes(payload)
        return buffer
    }

    static func prefix(_ length: UInt32) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(length)
        return buffer
    }

    static func decoderChannel(maxHelloBytes: Int = 1024, maxFrameBytes: Int = 4096) -> EmbeddedChannel {
        EmbeddedChannel(
            handler: ByteToMessageHandler(SyncFrameDecoder(maxHelloBytes: maxHelloBytes, maxFrameBytes: maxFrameBytes)))
    }

    /// Feeds `bytes` and returns the error the decoder raised, if any.
    static func feedError(_ channel: EmbeddedChannel, _ bytes: ByteBuffer) -> (any Error)? {
        do {
            try channel.writeInbound(bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Decoding in any chunking

    @Test func verifierAcceptsEveryKindWithDefaultLimits() throws {
        let corpus = try Corpus.shared.get()
        var pairs = corpus.verifierMessages.map { (Self.frame($0), [$0]) }
        // Several frames in one read.
        var several = ByteBuffer()
        for message in [SyncMessage.ack(7), .done, .ping, .bye] { message.encodeFrame(into: &several) }
        pairs.append((several, [.ack(7), .done, .ping, .bye]))
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { SyncFrameDecoder() }
    }

    /// Limits exactly at the largest frame: a frame of the limit's length is accepted
    /// (the verifier shuffles its inputs, so any of them may be the first frame).
    @Test func verifierAcceptsFramesExactlyAtTheLimits() throws {
        let corpus = try Corpus.shared.get()
        let pairs = corpus.verifierMessages.map { (Self.frame($0), [$0]) }
        let largest = pairs.map { Int($0.0.getInteger(at: 0, as: UInt32.self)!) }.max()!
        #expect(largest > 500, "the corpus should hold a batch of real commits")
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            SyncFrameDecoder(maxHelloBytes: largest, maxFrameBytes: largest)
        }
    }

    // MARK: - Round trips

    @Test func everyKindRoundTrips() throws {
        let corpus = try Corpus.shared.get()
        let kinds = Set(corpus.messages.map(\.kind.rawValue))
        #expect(kinds == Set(1...7), "the corpus covers every kind")
        for message in corpus.messages {
            var frame = Self.frame(message)
            let length = frame.readInteger(as: UInt32.self)
            #expect(Int(length ?? 0) == frame.readableBytes, "the prefix counts what follows")
            #expect(frame.getInteger(at: frame.readerIndex, as: UInt8.self) == message.kind.rawValue)
            #expect(try SyncMessage(frameBody: frame) == message)

            // The same through the channel handlers the connection uses.
            let encoder = EmbeddedChannel(handler: MessageToByteHandler(SyncFrameEncoder()))
            try encoder.writeOutbound(message)
            let wire = try #require(try encoder.readOutbound(as: ByteBuffer.self))
            #expect(wire == Self.frame(message))
            let decoder = Self.decoderChannel(maxHelloBytes: 1 << 20, maxFrameBytes: 1 << 20)
            try decoder.writeInbound(wire)
            #expect(try decoder.readInbound(as: SyncMessage.self) == message)
            #expect(try decoder.readInbound(as: SyncMessage.self) == nil)
            #expect(try decoder.finish().isClean)
            _ = try encoder.finish()
        }
    }

    @Test func decodedCommitsStillVerify() throws {
        let corpus = try Corpus.shared.get()
        for case .batch(let batch) in corpus.messages {
            var frame = Self.frame(.batch(batch))
            frame.moveReaderIndex(forwardBy: SyncMessage.lengthBytes)
            let decoded = try SyncMessage(frameBody: frame)
            guard case .batch(let again) = decoded else {
                Issue.record("a batch decoded as \(decoded)")
                continue
            }
            for commit in again.commits { _ = try commit.verified() }
            #expect(again.commits.map(\.id) == batch.commits.map(\.id))
        }
    }

    /// Unknown fields are skipped: a newer peer may add some.
    @Test func unknownFieldsAreSkipped() throws {
        let corpus = try Corpus.shared.get()
        var w = WireWriter()
        w.uint(1, 1)
        w.bytes(2, corpus.workspace.bytes)
        w.bytes(3, corpus.device.bytes)
        w.string(9, "a field from the future")
        w.fixed64(10, 0xDEAD_BEEF)
        w.uint(11, 5)
        let channel = Self.decoderChannel()
        try channel.writeInbound(Self.rawFrame(kind: SyncMessage.Kind.hello.rawValue, payload: w.bytes))
        #expect(
            try channel.readInbound(as: SyncMessage.self)
                == .hello(.init(workspace: corpus.workspace, device: corpus.device, vector: VersionVector())))
    }

    // MARK: - Refusals

    /// The length prefix alone is enough to refuse a huge frame: nothing waits for (or
    /// allocates) the body.
    @Test(arguments: [UInt32(4097), 1 << 24, 1 << 31, UInt32.max])
    func oversizePrefixIsRefusedBeforeTheBody(length: UInt32) throws {
        let corpus = try Corpus.shared.get()
        let small = SyncMessage.hello(.init(workspace: corpus.workspace, device: corpus.device, vector: VersionVector()))

        // Control: a prefix at the limit makes the decoder wait for the body.
        let control = Self.decoderChannel(maxHelloBytes: 1024, maxFrameBytes: 4096)
        try control.writeInbound(Self.frame(small))
        #expect(try control.readInbound(as: SyncMessage.self) == small)
        try control.writeInbound(Self.prefix(4096))
        #expect(try control.readInbound(as: SyncMessage.self) == nil)

        let channel = Self.decoderChannel(maxHelloBytes: 1024, maxFrameBytes: 4096)
        try channel.writeInbound(Self.frame(small))
        #expect(try channel.readInbound(as: SyncMessage.self) == small)
        let error = Self.feedError(channel, Self.prefix(length))
        let refusal = try #require(error as? CuerdaError, "got \(String(describing: error))")
        #expect(refusal.code == .protocolViolation)
        #expect(refusal.message.contains("\(length) bytes exceeds the 4096-byte limit"), "\(refusal)")
        #expect(try channel.readInbound(as: SyncMessage.self) == nil)
    }

    @Test func firstFrameHasTheSmallerLimit() throws {
        let corpus = try Corpus.shared.get()
        let bigHello = corpus.messages[0]
        let bigLength = Int(Self.frame(bigHello).getInteger(at: 0, as: UInt32.self)!)
        let smallHello = SyncMessage.hello(.init(workspace: corpus.workspace, device: corpus.device, vector: VersionVector()))
        let smallLength = Int(Self.frame(smallHello).getInteger(at: 0, as: UInt32.self)!)
        #expect(smallLength < bigLength)

        // One byte over the first-frame limit: refused, although far below the frame limit.
        let refusing = Self.decoderChannel(maxHelloBytes: bigLength - 1, maxFrameBytes: 1 << 20)
        let error = Self.feedError(refusing, Self.frame(bigHello))
        let refusal = try #require(error as? CuerdaError, "got \(String(describing: error))")
        #expect(refusal.code == .protocolViolation)
        #expect(refusal.message.contains("first frame"), "\(refusal)")

        // Also from the prefix alone.
        let early = Self.decoderChannel(maxHelloBytes: bigLength - 1, maxFrameBytes: 1 << 20)
        #expect((Self.feedError(early, Self.prefix(UInt32(bigLength))) as? CuerdaError)?.code == .protocolViolation)

        // At the limit: accepted.
        let exact = Self.decoderChannel(maxHelloBytes: bigLength, maxFrameBytes: 1 << 20)
        try exact.writeInbound(Self.frame(bigHello))
        #expect(try exact.readInbound(as: SyncMessage.self) == bigHello)

        // After a first frame, the same size falls under the larger frame limit.
        let later = Self.decoderChannel(maxHelloBytes: smallLength, maxFrameBytes: 1 << 20)
        try later.writeInbound(Self.frame(smallHello))
        try later.writeInbound(Self.frame(bigHello))
        #expect(try later.readInbound(as: SyncMessage.self) == smallHello)
        #expect(try later.readInbound(as: SyncMessage.self) == bigHello)
    }

    @Test func zeroLengthIsRefused() throws {
        let first = Self.decoderChannel()
        #expect((Self.feedError(first, Self.prefix(0)) as? CuerdaError)?.code == .protocolViolation)

        let later = Self.decoderChannel()
        try later.writeInbound(Self.frame(.ping))
        #expect(try later.readInbound(as: SyncMessage.self) == .ping)
        let error = Self.feedError(later, Self.prefix(0))
        #expect((error as? CuerdaError)?.code == .protocolViolation, "got \(String(describing: error))")
    }

    @Test(arguments: [UInt8(0), 8, 0x7F, 0xFF])
    func unknownKindIsRefused(kind: UInt8) throws {
        let channel = Self.decoderChannel()
        let error = Self.feedError(channel, Self.rawFrame(kind: kind, payload: [0x08, 0x01]))
        let refusal = try #require(error as? CuerdaError, "got \(String(describing: error))")
        #expect(refusal.code == .protocolViolation)
        #expect(refusal.message.contains("unknown frame kind \(kind)"), "\(refusal)")
        #expect(try channel.readInbound(as: SyncMessage.self) == nil)
    }

    /// Payloads that do not make a message: each is refused as a protocol violation, never
    /// decoded into something partial.
    @Test func malformedPayloadsAreRefused() throws {
        let corpus = try Corpus.shared.get()
        let ws = corpus.workspace.bytes
        let dev = corpus.device.bytes
        func hello(_ body: (inout WireWriter) -> Void) -> [UInt8] {
            var w = WireWriter()
            body(&w)
            return w.bytes
        }
        let entry: (inout WireWriter) -> Void = { w in
            w.message(4) { d in
                d.bytes(1, dev)
                d.string(2, "all")
                d.uint(3, 3)
            }
        }
        let helloKind = SyncMessage.Kind.hello.rawValue
        /// A valid hello plus `count` messages written by `body` in `field` (4: vector, 5: tips).
        func hello(with field: UInt32, count: Int = 1, _ body: @escaping (inout WireWriter) -> Void) -> [UInt8] {
            hello { w in
                w.uint(1, 1)
                w.bytes(2, ws)
                w.bytes(3, dev)
                for _ in 0..<count { w.message(field, body) }
            }
        }
        /// The feed fields (device, audience `all`) shared by a `Dep` and a `FeedTip`.
        let feed: (inout WireWriter) -> Void = { t in
            t.bytes(1, dev)
            t.string(2, "all")
        }
        let cases: [(String, UInt8, [UInt8])] = [
            (
                "hello without a device", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws)
                    entry(&w)
                }
            ),
            (
                "hello without a workspace", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(3, dev)
                }
            ),
            (
                "hello without a version", helloKind,
                hello { w in
                    w.bytes(2, ws)
                    w.bytes(3, dev)
                }
            ),
            (
                "hello of version 2^32", helloKind,
                hello { w in
                    w.uint(1, 1 << 32)
                    w.bytes(2, ws)
                    w.bytes(3, dev)
                }
            ),
            (
                "hello with a 31-byte device", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws)
                    w.bytes(3, dev.dropLast())
                }
            ),
            (
                "hello with a 15-byte workspace", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws.dropLast())
                    w.bytes(3, dev)
                }
            ),
            (
                "hello listing a feed twice", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws)
                    w.bytes(3, dev)
                    entry(&w)
                    entry(&w)
                }
            ),
            (
                "hello with a bad audience", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws)
                    w.bytes(3, dev)
                    w.message(4) { d in
                        d.bytes(1, dev)
                        d.string(2, "Everyone!")
                    }
                }
            ),
            (
                "hello with a device as a number", helloKind,
                hello { w in
                    w.uint(1, 1)
                    w.bytes(2, ws)
                    w.uint(3, 7)
                }
            ),
            (
                "hello with a 31-byte tip", helloKind,
                hello(with: 5) { t in
                    feed(&t)
                    t.bytes(3, Array(repeating: 7, count: 31))
                }
            ),
            (
                "hello with a tip forked at 0", helloKind,
                hello(with: 5) { t in
                    feed(&t)
                    t.uint(4, 0)
                }
            ),
            (
                "hello with two tips for a feed", helloKind,
                hello(with: 5, count: 2) { t in
                    feed(&t)
                    t.uint(4, 3)
                }
            ),
            ("hello with an empty tip", helloKind, hello(with: 5) { t in feed(&t) }),
            ("hello with a tip without its feed", helloKind, hello(with: 5) { t in t.bytes(3, Array(repeating: 7, count: 32)) }),
            (
                "hello with a seq of 2^63", helloKind,
                hello(with: 4) { d in
                    feed(&d)
                    d.uint(3, 1 << 63)
                }
            ),
            ("hello cut inside a varint", helloKind, [0x08, 0x80]),
            ("hello with a field longer than the frame", helloKind, [0x12, 0x7F, 0x00]),
            ("hello with field number 0", helloKind, [0x00, 0x01]),
            ("hello with wire type 7", helloKind, [0x0F, 0x01]),
            (
                "batch without a number", SyncMessage.Kind.batch.rawValue,
                hello { w in w.message(2) { c in c.bytes(1, [1, 2, 3]) } }
            ),
            (
                "batch with a commit as a number", SyncMessage.Kind.batch.rawValue,
                hello { w in
                    w.uint(1, 1)
                    w.uint(2, 9)
                }
            ),
            ("ack without a number", SyncMessage.Kind.ack.rawValue, []),
            ("ack of batch 0", SyncMessage.Kind.ack.rawValue, hello { w in w.uint(1, 0) }),
            ("ack with an 11-byte varint", SyncMessage.Kind.ack.rawValue, [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]),
            ("error that is not UTF-8", SyncMessage.Kind.error.rawValue, hello { w in w.bytes(1, [0xC3, 0x28, 0xFF]) }),
        ]
        for (name, kind, payload) in cases {
            let channel = Self.decoderChannel()
            let error = Self.feedError(channel, Self.rawFrame(kind: kind, payload: payload))
            let refusal = error as? CuerdaError
            #expect(refusal?.code == .protocolViolation, "\(name): got \(String(describing: error))")
            #expect(try channel.readInbound(as: SyncMessage.self) == nil, "\(name) decoded into a message")
        }
    }

    /// `done`, `bye` and `ping` carry nothing, but like every message they may gain fields
    /// later: well-formed unknown fields are skipped.
    @Test(arguments: [SyncMessage.done, .bye, .ping])
    func emptyKindsSkipUnknownFields(message: SyncMessage) throws {
        var w = WireWriter()
        w.uint(1, 1)
        w.string(2, "from a newer peer")
        let channel = Self.decoderChannel()
        try channel.writeInbound(Self.rawFrame(kind: message.kind.rawValue, payload: w.bytes))
        #expect(try channel.readInbound(as: SyncMessage.self) == message)
    }

    /// The payloads of `done`, `bye` and `ping` are not read at all (`Docs/protocol.md` §2):
    /// even bytes that are not protobuf give the message.
    @Test(arguments: [SyncMessage.done, .bye, .ping])
    func emptyKindsDoNotReadTheirPayload(message: SyncMessage) throws {
        let channel = Self.decoderChannel()
        try channel.writeInbound(Self.rawFrame(kind: message.kind.rawValue, payload: [0x0A, 0x05, 0x01, 0xFF]))
        #expect(try channel.readInbound(as: SyncMessage.self) == message)
    }

    /// Random corruptions of real frames: each either decodes or is refused as a protocol
    /// violation; no other error escapes and nothing crashes.
    @Test func corruptedFramesDecodeOrAreRefused() throws {
        let corpus = try Corpus.shared.get()
        var rng = SeededGenerator(seed: 2024)
        var refused = 0
        for _ in 0..<2000 {
            let message = corpus.messages.randomElement(using: &rng)!
            var body = Array(Self.frame(message).readableBytesView.dropFirst(4))
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: body[Int.random(in: 0..<body.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1 where body.count > 1: body.removeLast(Int.random(in: 1..<body.count, using: &rng))
                default: body.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...body.count, using: &rng))
                }
            }
            do {
                _ = try SyncMessage(frameBody: ByteBuffer(bytes: body))
            } catch {
                refused += 1
                #expect(error.code == .protocolViolation, "seed \(rng.seed): \(error)")
            }
        }
        #expect(refused > 0, "corruption should be noticed at least sometimes")
    }

    @Test func truncatedFrameAtEndOfStreamIsAnError() throws {
        let corpus = try Corpus.shared.get()
        let whole = Self.frame(corpus.messages[5])
        for cut in [1, 3, 4, 5, whole.readableBytes / 2, whole.readableBytes - 1] {
            let channel = Self.decoderChannel(maxHelloBytes: 1 << 20, maxFrameBytes: 1 << 20)
            try channel.writeInbound(Self.frame(.ping))
            try channel.writeInbound(whole.getSlice(at: 0, length: cut)!)
            #expect(try channel.readInbound(as: SyncMessage.self) == .ping)
            #expect(try channel.readInbound(as: SyncMessage.self) == nil)
            var failure: (any Error)?
            do { _ = try channel.finish() } catch { failure = error }
            let error = try #require(failure as? CuerdaError, "cut at \(cut): got \(String(describing: failure))")
            #expect(error.code == .network, "cut at \(cut): \(error)")
            #expect(error.message.contains("middle of a frame"), "\(error)")
        }

        // Control: whole frames and then the end of the stream is no error.
        let clean = Self.decoderChannel(maxHelloBytes: 1 << 20, maxFrameBytes: 1 << 20)
        try clean.writeInbound(whole)
        #expect(try clean.readInbound(as: SyncMessage.self) == corpus.messages[5])
        #expect(try clean.finish().isClean)
    }
}
