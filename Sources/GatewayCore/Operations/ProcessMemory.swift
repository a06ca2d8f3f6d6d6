import CMalloc
import Foundation

/// The process's memory, for `/metrics`: resident set, and heap bytes in use (glibc), which
/// tells a leak (in-use bytes grow) from an allocator keeping freed memory (only RSS grows).
enum ProcessMemory {
    /// Resident set size in bytes (`VmRSS`), 0 where `/proc` is not available.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// Bytes the heap has handed out and not had back (`mallinfo2().uordblks`), `nil` where
    /// glibc does not tell.
    static func heapInUseBytes() -> Int? {
        let bytes = Int(lmarena_heap_in_use())
        return bytes > 0 ? bytes : nil
    }
}
