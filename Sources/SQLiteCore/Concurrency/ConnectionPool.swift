import Dispatch
import Synchronization

/// A fixed set of elements (a ``DatabasePool``'s readers) lent out one caller
/// at a time.
///
/// When every element is lent, callers wait in one first-come, first-served
/// line: a released element goes straight to the longest waiting caller, so
/// no caller waits forever. A synchronous caller blocks its thread on a
/// semaphore; an async caller is suspended, holding no thread, and a
/// cancelled one leaves the line at once with `CancellationError`.
final class ConnectionPool<Element: Sendable>: Sendable {
    /// Where a released element is handed to a blocked synchronous caller.
    private final class Handoff: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let element = Mutex<Element?>(nil)
    }

    private enum Waiter: Sendable {
        case blocked(Handoff)
        case suspended(CheckedContinuation<Element, any Error>)
    }

    private struct State: Sendable {
        var idle: [Element]
        var waiters: [(id: UInt64, waiter: Waiter)] = []
        var lastWaiterID: UInt64 = 0
    }

    private enum Outcome {
        case ready(Element)
        case wait(Handoff)
    }

    private let state: Mutex<State>

    /// Creates a pool lending `elements`.
    init(_ elements: [Element]) {
        state = Mutex(State(idle: elements))
    }

    /// Borrows an element, blocking the thread until one is free.
    func acquire() -> Element {
        let outcome = state.withLock { state -> Outcome in
            if let element = state.idle.popLast() { return .ready(element) }
            let handoff = Handoff()
            state.lastWaiterID += 1
            state.waiters.append((state.lastWaiterID, .blocked(handoff)))
            return .wait(handoff)
        }
        switch outcome {
        case .ready(let element):
            return element
        case .wait(let handoff):
            handoff.semaphore.wait()
            guard let element = handoff.element.withLock({ $0.take() }) else {
                preconditionFailure("a blocked caller was woken without an element")
            }
            return element
        }
    }

    /// Borrows an element, suspending the task until one is free.
    ///
    /// - Throws: `CancellationError` when the task is cancelled before it gets one.
    func acquire() async throws -> Element {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element, any Error>) in
                let now: Result<Element, any Error>? = state.withLock { state in
                    // Checked under the lock: a cancellation handler that ran
                    // before the continuation joined the line found nothing
                    // to remove, so this is where it is noticed.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let element = state.idle.popLast() { return .success(element) }
                    state.waiters.append((id, .suspended(continuation)))
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Element, any Error>? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }),
                      case .suspended(let continuation) = state.waiters[index].waiter
                else { return nil }  // not waiting (yet, or any more)
                state.waiters.remove(at: index)
                return continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Gives `element` back: to the longest waiting caller, or to the idle set.
    func release(_ element: Element) {
        let waiter: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(element)
                return nil
            }
            return state.waiters.removeFirst().waiter
        }
        switch waiter {
        case .blocked(let handoff):
            handoff.element.withLock { $0 = element }
            handoff.semaphore.signal()
        case .suspended(let continuation):
            continuation.resume(returning: element)
        case nil:
            break
        }
    }
}
