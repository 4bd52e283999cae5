import CuerdaCore
import CuerdaStore

/// Schemas and replicas for tests.
public enum Fixtures {
    /// A small application: one table of every column type (LWW, and one `max` column), one
    /// table with a multi-value column, and one team-private table.
    public static let schema = Schema(
        name: "fixture", version: 1,
        tables: [
            TableSchema(
                "cells",
                columns: [
                    ColumnSchema("a", .any), ColumnSchema("b", .any), ColumnSchema("n", .integer), ColumnSchema("r", .real),
                    ColumnSchema("t", .text), ColumnSchema("x", .blob), ColumnSchema("peak", .any, policy: .max),
                ]),
            TableSchema("grades", columns: [ColumnSchema("need", .text), ColumnSchema("letter", .text, policy: .multiValue)]),
            TableSchema(
                "notes", audience: try! .team("sales"), columns: [ColumnSchema("body", .text)]),
        ])

    /// `count` replicas of one new workspace in `directory`, named r0, r1, ...
    public static func replicas(
        _ count: Int, in directory: TemporaryDirectory, schema: Schema = Fixtures.schema, options: Replica.Options = .init()
    ) throws -> [Replica] {
        var generator = SystemRandomNumberGenerator()
        let workspace = WorkspaceID.random(using: &generator)
        return try (0..<count).map { i in
            try Replica.create(at: directory.file("r\(i).cuerda"), workspace: workspace, schema: schema, options: options)
        }
    }

    /// Exchanges full bundles between every pair until nothing changes.
    public static func syncAll(_ replicas: [Replica]) throws {
        for _ in 0..<2 {
            for a in replicas {
                let bytes = try a.bundle()
                for b in replicas where b !== a { try b.importBundle(BundleReader(bytes: bytes)) }
            }
        }
    }

    /// Makes every replica a known member of every other, in the team that owns `notes`:
    /// each writes a row for everyone and a team note, and they travel by bundle. (Until
    /// membership commits exist, a device is accepted over TCP once a replica holds a commit
    /// it signed, and may see the team audiences it has written to.)
    public static func introduce(_ replicas: [Replica]) throws {
        for replica in replicas {
            try replica.write { tx in
                try tx.insert("cells", ["t": .text("hello from \(replica.device.id.short)")])
                try tx.insert("notes", ["body": .text("a team note from \(replica.device.id.short)")])
            }
        }
        try syncAll(replicas)
    }
}
