import SQLiteCore

/// Turns per-value sums of a breakdown (a status code, a year, a funding
/// source id, a theme id, a country code) into its groups: their keys,
/// labels, depths, parents and order (``StatisticsBreakdown/groups``),
/// funding sources rolled up their tree.
struct BreakdownGroups {
    let dimension: StatisticsDimension
    let target: Currency
    let db: Connection

    private struct Group {
        var key: String?
        var label: String
        var sortKey: String
        var depth = 0
        var parent: String?
        var counts = OutcomeCounts()
        var money: MoneyAccumulator
    }

    /// A funding source as the tree needs it.
    private struct Node {
        var handle: String
        var title: String
        var path: String
        var depth: Int
        var parentID: Int64?
        var parentHandle: String?
    }

    func breakdown(counts: [SQLiteValue: OutcomeCounts], money: [SQLiteValue: MoneyAccumulator]) throws -> StatisticsBreakdown {
        // Keyed and ordered by UTF-8 bytes, as SQLite compares text (Swift's
        // String equality would merge canonically equivalent handles).
        var groups: [[UInt8]?: Group] = [:]
        let members = try membership(Array(counts.keys))
        for (value, valueCounts) in counts where valueCounts.developed != 0 {  // (changes that cancel out leave zeros)
            for member in members[value] ?? [Group(key: nil, label: dimension.unassignedLabel, sortKey: "", money: MoneyAccumulator(target: target))] {
                // In place: a copy of the group would copy its money's dictionaries.
                try Self.add(valueCounts, money[value], to: &groups[member.key.map { Array($0.utf8) }, default: member])
            }
        }
        let ordered = groups.values.sorted { a, b in
            if (a.key == nil) != (b.key == nil) { return b.key == nil }
            if !a.sortKey.utf8.elementsEqual(b.sortKey.utf8) { return a.sortKey.utf8.lexicographicallyPrecedes(b.sortKey.utf8) }
            return (a.key ?? "").utf8.lexicographicallyPrecedes((b.key ?? "").utf8)
        }
        return StatisticsBreakdown(dimension: dimension, groups: try ordered.map { group in
            StatisticsGroup(
                key: group.key, label: group.label, depth: group.depth, parent: group.parent, counts: group.counts,
                money: try group.money.summaries())
        })
    }

    /// Adds a value's counts and money to a group.
    ///
    /// - Throws: ``MoneyError/overflow`` when a sum does not fit 64 bits.
    private static func add(_ counts: OutcomeCounts, _ money: MoneyAccumulator?, to group: inout Group) throws {
        group.counts.merge(counts)
        if let money { try group.money.merge(money) }
    }

    /// The group(s) each value belongs to (none: the unassigned group).
    private func membership(_ values: [SQLiteValue]) throws -> [SQLiteValue: [Group]] {
        var members: [SQLiteValue: [Group]] = [:]
        switch dimension {
        case .status:
            // Sorted by sort order, then code.
            try db.fetchAll(sql: "SELECT s.code, s.label, printf('%012d', s.sort_order) || s.code FROM status s") { row in
                (try row[0] as String, try row[1] as String, try row[2] as String)
            }.forEach { code, label, sortKey in
                members[.text(code)] = [Group(key: code, label: label, sortKey: sortKey, money: MoneyAccumulator(target: target))]
            }
        case .submissionYear, .decisionYear:
            for case .integer(let year) in values {
                let text = String(String(year + 10_000).dropFirst())  // four digits, as substr(date, 1, 4)
                members[.integer(year)] = [Group(key: text, label: text, sortKey: text, money: MoneyAccumulator(target: target))]
            }
        case .fundingSource:
            let nodes = try fundingTree()
            for case .integer(let id) in values {
                var chain: [Group] = []
                var current: Int64? = id
                while let nodeID = current, let node = nodes[nodeID], chain.count <= nodes.count {
                    chain.append(Group(
                        key: node.handle, label: node.title, sortKey: node.path, depth: node.depth, parent: node.parentHandle,
                        money: MoneyAccumulator(target: target)))
                    current = node.parentID
                }
                if !chain.isEmpty { members[.integer(id)] = chain }
            }
        case .theme:
            try db.fetchAll(sql: "SELECT id, vocabulary, code, title FROM theme") { row in
                (try row[0] as Int64, try row[1] as String, try row[2] as String, try row[3] as String)
            }.forEach { id, vocabulary, code, title in
                members[.integer(id)] = [Group(
                    key: vocabulary + ":" + code, label: title, sortKey: vocabulary + "\u{1}" + code,
                    money: MoneyAccumulator(target: target))]
            }
        case .country:
            for case .text(let code) in values {
                members[.text(code)] = [Group(key: code, label: code, sortKey: code, money: MoneyAccumulator(target: target))]
            }
        }
        return members
    }

    /// Every funding source reachable from a root, with its path of handles
    /// (the sort key of the breakdown, handles joined by U+0001) and depth.
    private func fundingTree() throws -> [Int64: Node] {
        var nodes: [Int64: Node] = [:]
        try db.fetchAll(sql: """
            WITH RECURSIVE node(id, depth, path) AS (
                SELECT id, 0, handle FROM funding_source WHERE parent_id IS NULL
                UNION ALL
                SELECT f.id, node.depth + 1, node.path || char(1) || f.handle
                FROM funding_source f JOIN node ON f.parent_id = node.id
            )
            SELECT node.id, fs.handle, fs.title, node.path, node.depth, fs.parent_id, parent.handle
            FROM node JOIN funding_source fs ON fs.id = node.id
            LEFT JOIN funding_source parent ON parent.id = fs.parent_id
            """) { row in
            (try row[0] as Int64, Node(
                handle: try row[1], title: try row[2], path: try row[3], depth: try row[4],
                parentID: try row[5], parentHandle: try row[6]))
        }.forEach { nodes[$0.0] = $0.1 }
        return nodes
    }
}

extension OutcomeCounts {
    /// Adds another group's counts.
    mutating func merge(_ other: OutcomeCounts) {
        developed += other.developed
        approved += other.approved
        rejected += other.rejected
        withdrawn += other.withdrawn
        pending += other.pending
        inPreparation += other.inPreparation
        undetermined += other.undetermined
        underEvaluation += other.underEvaluation
    }
}
