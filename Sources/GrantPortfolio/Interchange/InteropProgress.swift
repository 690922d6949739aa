/// Reports how far a long import or export has got: called with the records
/// done so far and the total.
public typealias InteropProgress = (_ done: Int, _ total: Int) -> Void
