import Crypto

/// The SHA-256 digests by which a publish tells which rows changed: of a
/// table, of a part of one, of a project's rows, of the whole file.
///
/// swift-crypto's SHA-256 (BoringSSL's, with its assembly), which postgres-nio
/// already builds for SCRAM.
enum RowDigest {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    static func sha256Hex(of bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// A digest worked out piece by piece (``CopyRows/hash(_:into:)``), as 64 lowercase hex digits.
    static func hex(_ digest: SHA256.Digest) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
