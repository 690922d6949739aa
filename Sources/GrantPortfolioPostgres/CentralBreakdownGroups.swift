import Foundation
import GrantPortfolio

/// Turns per-portfolio, per-value sums of a breakdown into its groups, as
/// the library does (`BreakdownGroups`): keys, labels, depths, parents and
/// order; funding sources rolled up each portfolio's tree. Values of several
/// portfolios that name the same group key are added together.
struct CentralBreakdownGroups {
    let reader: CentralReader
    let dimension: StatisticsDimension

    private struct Group {
        var key: String?
        var label: String
        var sortKey: String
        var depth = 0
        var parent: String?
        var counts = OutcomeCounts()
        var money = CentralMoney()
    }

    func breakdown(
        counts: [CentralReader.GroupKey: OutcomeCounts], money: [CentralReader.GroupKey: CentralMoney]
    ) async throws -> StatisticsBreakdown {
        var groups: [[UInt8]?: Group] = [:]
        let members = try await membership(Array(counts.keys))
        for (value, valueCounts) in counts where valueCounts.developed != 0 {
            for member in members[value] ?? [Group(key: nil, label: dimension.unassignedLabel, sortKey: "")] {
                let key = member.key.map { Array($0.utf8) }
                var group = groups[key] ?? member
                group.counts.merge(valueCounts)
                if let valueMoney = money[value] { try group.money.merge(valueMoney) }
                groups[key] = group
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

    /// The group(s) each value belongs to (none: the unassigned group).
    private func membership(_ values: [CentralReader.GroupKey]) async throws -> [CentralReader.GroupKey: [Group]] {
        var members: [CentralReader.GroupKey: [Group]] = [:]
        let db = reader.db
        switch dimension {
        case .status:
            for row in try await db.rows(
                "SELECT portfolio_id, code, label, sort_order FROM status WHERE portfolio_id = ANY ($1)", [reader.idArray])
            {
                let code = try row.text(1) ?? ""
                let sortKey = String(format: "%012lld", try row.integer(3) ?? 0) + code
                members[CentralReader.GroupKey(portfolio: try row.integer(0) ?? 0, group: code)] = [
                    Group(key: code, label: try row.text(2) ?? "", sortKey: sortKey)
                ]
            }
        case .submissionYear, .decisionYear:
            for value in values {
                guard let text = value.group, let year = Int64(text) else { continue }
                let key = String(String(year + 10_000).dropFirst())
                members[value] = [Group(key: key, label: key, sortKey: key)]
            }
        case .fundingSource:
            let trees = try await fundingTrees()
            for value in values {
                guard let text = value.group, let id = Int64(text), let nodes = trees[value.portfolio] else { continue }
                var chain: [Group] = []
                var current: Int64? = id
                while let nodeID = current, let node = nodes[nodeID], chain.count <= nodes.count {
                    chain.append(Group(key: node.handle, label: node.title, sortKey: node.path, depth: node.depth, parent: node.parentHandle))
                    current = node.parentID
                }
                if !chain.isEmpty { members[value] = chain }
            }
        case .theme:
            for row in try await db.rows(
                "SELECT portfolio_id, id::text, vocabulary, code, title FROM theme WHERE portfolio_id = ANY ($1)", [reader.idArray])
            {
                let vocabulary = try row.text(2) ?? "", code = try row.text(3) ?? ""
                members[CentralReader.GroupKey(portfolio: try row.integer(0) ?? 0, group: try row.text(1))] = [
                    Group(key: vocabulary + ":" + code, label: try row.text(4) ?? "", sortKey: vocabulary + "\u{1}" + code)
                ]
            }
        case .country:
            for value in values {
                guard let code = value.group else { continue }
                members[value] = [Group(key: code, label: code, sortKey: code)]
            }
        }
        return members
    }

    private struct Node {
        var handle: String
        var title: String
        var path: String
        var depth: Int
        var parentID: Int64?
        var parentHandle: String?
    }

    /// Per portfolio, every funding source reachable from a root, with its
    /// path of handles (joined by U+0001) and depth.
    private func fundingTrees() async throws -> [Int64: [Int64: Node]] {
        var trees: [Int64: [Int64: Node]] = [:]
        for row in try await reader.db.rows(
            """
            WITH RECURSIVE node (portfolio_id, id, depth, path) AS (
                SELECT portfolio_id, id, 0, handle FROM funding_source WHERE portfolio_id = ANY ($1) AND parent_id IS NULL
                UNION ALL
                SELECT f.portfolio_id, f.id, node.depth + 1, node.path || chr(1) || f.handle
                FROM funding_source f JOIN node ON f.portfolio_id = node.portfolio_id AND f.parent_id = node.id
            )
            SELECT node.portfolio_id, node.id, fs.handle, fs.title, node.path, node.depth, fs.parent_id, parent.handle
            FROM node JOIN funding_source fs ON fs.portfolio_id = node.portfolio_id AND fs.id = node.id
            LEFT JOIN funding_source parent ON parent.portfolio_id = fs.portfolio_id AND parent.id = fs.parent_id
            """, [reader.idArray])
        {
            trees[try row.integer(0) ?? 0, default: [:]][try row.integer(1) ?? 0] = Node(
                handle: try row.text(2) ?? "", title: try row.text(3) ?? "", path: try row.text(4) ?? "",
                depth: Int(try row.integer(5) ?? 0), parentID: try row.integer(6), parentHandle: try row.text(7))
        }
        return trees
    }
}
