/// SHA-256 digests of content, as the migrator checksums migrations: for
/// tools that need to tell whether data changed (such as the central
/// database's publisher, which keeps a digest per published table).
public enum ContentDigest {
    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        SHA256.hexDigest(of: bytes)
    }
}
