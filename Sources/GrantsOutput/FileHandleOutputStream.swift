import Foundation

/// A `TextOutputStream` that writes UTF-8 to a `FileHandle` (such as standard
/// output) through a small buffer, so that writers such as ``TabularWriter``
/// and the library's `CSVWriter` and `JSONWriter` stream large results without
/// holding them in memory.
///
/// ```swift
/// let stdout = FileHandleOutputStream(.standardOutput)
/// var rows = TabularWriter(format: .csv, columns: ["name", "type"], output: stdout)
/// rows.finish()
/// try stdout.flush()
/// ```
///
/// Call ``flush()`` when done to write what is buffered and see any error;
/// the stream also flushes, ignoring errors, when it is released. Write
/// errors (a closed pipe, a full disk) are kept and rethrown by ``flush()``;
/// after one, further output is dropped.
///
/// Not `Sendable`: use it from one thread at a time.
public final class FileHandleOutputStream: TextOutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int
    private var failure: (any Error)?

    /// Creates a stream writing to `handle`, buffering up to `bufferSize` bytes.
    public init(_ handle: FileHandle, bufferSize: Int = 64 * 1024) {
        self.handle = handle
        self.capacity = max(bufferSize, 1)
        buffer.reserveCapacity(capacity)
    }

    deinit { try? flush() }

    /// Appends `string` to the buffer, writing the buffer out when it is full.
    public func write(_ string: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= capacity { try? flush() }
    }

    /// True once a write has failed; ``flush()`` then throws the error.
    public var hasFailed: Bool { failure != nil }

    /// Writes out everything buffered.
    ///
    /// - Throws: The first write error met (now or by an earlier write), if any.
    public func flush() throws {
        if let failure { throw failure }
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            failure = error
            throw error
        }
    }
}
