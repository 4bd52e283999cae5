/// An error from the sync engine: a stable code, a one-line message, and the cause it wraps.
///
/// The engine never lets SQLite, zlib or crypto error types escape its public API; they are
/// wrapped here so that callers (and the CLI) can map every failure to one clear line.
public struct CuerdaError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, stable across versions so that scripts can match on it.
    public enum Code: String, Sendable, Equatable {
        /// Bytes that do not decode: a commit, a value, a vector.
        case malformed
        /// A signature that does not verify against the claimed device.
        case badSignature
        /// A commit or bundle of another workspace.
        case wrongWorkspace
        /// A size limit was exceeded (commit, frame, bundle, decompressed output).
        case limitExceeded
        /// A bundle whose magic, version or structure is wrong, or that is cut short.
        case badBundle
        /// A write the schema or the write rules refuse.
        case rejectedWrite
        /// A table, column or row that does not exist.
        case notFound
        /// Input the caller gave that makes no sense (bad argument, bad name).
        case invalidArgument
        /// The replica file cannot be created, opened or is not a Cuerda replica.
        case storage
        /// An input/output failure reading or writing a file.
        case io
        /// A peer broke the sync protocol: a malformed, oversize or unexpected frame.
        case protocolViolation
        /// A peer was not accepted (not a member, another workspace), or did not accept us.
        case refused
        /// A peer went silent, or a sync ran past its time limit.
        case timeout
        /// A connection could not be made or was lost.
        case network
    }

    public var code: Code
    public var message: String
    /// A description of the lower-level error this one wraps, if any.
    public var underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message) (\(underlying))" }
        return message
    }
}
