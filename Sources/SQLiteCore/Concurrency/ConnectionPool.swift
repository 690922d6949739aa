import Dispatch

/// A fixed set of elements (a ``DatabasePool``'s readers) lent out one caller
/// at a time.
///
/// When every element is lent, callers wait in one first-come, first-served
/// line: a released element goes straight to the longest waiting caller, so
/// no caller waits forever. A synchronous caller blocks its thread on a
/// semaphore. An async caller leaves work to start instead, which the
/// releasing thread starts with the element: it never waits for its task to
/// get a thread again, so synchronous callers blocking every thread of
/// Swift's cooperative pool cannot hold up the element they wait for. A
/// cancelled async caller leaves the line at once.
final class ConnectionPool<Element: Sendable>: Sendable {
    /// Where a released element is handed to a blocked synchronous caller.
    private final class Handoff: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let element = LockedValue<Element?>(nil)
    }

    private enum Waiter: Sendable {
        case blocked(Handoff)
        case deferred(use: @Sendable (Element) -> Void, cancelled: @Sendable () -> Void)
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

    private let state: LockedValue<State>

    /// Creates a pool lending `elements`.
    init(_ elements: [Element]) {
        state = LockedValue(State(idle: elements))
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

    /// A new identifier for ``lend(id:isCancelled:use:cancelled:)`` and
    /// ``cancelWaiting(id:)``.
    func makeWaiterID() -> UInt64 {
        state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
    }

    /// Calls `use` with an element: at once when one is free, or else later,
    /// on the thread that releases one, in turn. Calls `cancelled` instead
    /// when `isCancelled` (asked under the pool's lock, so that a
    /// cancellation is never missed) is true, or when ``cancelWaiting(id:)``
    /// removes the caller from the line. `use` must give the element back
    /// with ``release(_:)``, and should return quickly.
    func lend(
        id: UInt64, isCancelled: () -> Bool,
        use: @escaping @Sendable (Element) -> Void, cancelled: @escaping @Sendable () -> Void
    ) {
        let element: Element?? = state.withLock { state in
            if isCancelled() { return .some(nil) }
            if let element = state.idle.popLast() { return .some(element) }
            state.waiters.append((id, .deferred(use: use, cancelled: cancelled)))
            return nil
        }
        switch element {
        case .some(.some(let element)): use(element)
        case .some(.none): cancelled()
        case .none: break  // in line
        }
    }

    /// Takes the caller `id` out of the line and calls its `cancelled`;
    /// does nothing when it is not (or no longer) in line.
    func cancelWaiting(id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).waiter
        }
        if case .deferred(_, let cancelled) = waiter { cancelled() }
    }

    /// Drops the idle elements, so that they are released now. Only for the
    /// owner's `deinit`, when nothing is lent.
    func removeAll() {
        state.withLock { $0.idle.removeAll() }
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
        case .deferred(let use, _):
            use(element)
        case nil:
            break
        }
    }
}
