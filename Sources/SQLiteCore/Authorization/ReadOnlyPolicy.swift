/// What a ``ReadOnlyStatement`` may do besides reading tables: the functions
/// it may call and the pragmas it may read. Everything not named is refused.
///
/// ```swift
/// var policy = ReadOnlyPolicy.standard
/// policy.functions.remove("randomblob")
/// let statement = try ReadOnlyStatement(sql: "SELECT randomblob(4)", on: db, policy: policy)  // throws
/// ```
public struct ReadOnlyPolicy: Sendable, Hashable {
    /// The functions a statement may call, in lower case.
    public var functions: Set<String>
    /// The pragmas a statement may read without an argument, in lower case:
    /// `PRAGMA user_version` is allowed, `PRAGMA user_version = 7` is not.
    public var pragmas: Set<String>
    /// The pragmas a statement may read with one argument or none, in lower
    /// case: `PRAGMA table_info(metadata)`, `PRAGMA quick_check`.
    public var pragmasTakingArgument: Set<String>

    /// Creates a policy.
    public init(functions: Set<String>, pragmas: Set<String>, pragmasTakingArgument: Set<String>) {
        self.functions = functions
        self.pragmas = pragmas
        self.pragmasTakingArgument = pragmasTakingArgument
    }

    /// Every pragma allowed, those taking an argument first, each group by name.
    public var allowedPragmas: [String] { pragmasTakingArgument.sorted() + pragmas.subtracting(pragmasTakingArgument).sorted() }

    /// SQLite's built-in functions that only compute a value from their
    /// arguments and the rows read, and the reading pragmas.
    ///
    /// Functions: the core scalar, aggregate and window functions, date and
    /// time, math, and JSON functions. Not allowed, among others:
    /// `load_extension` (loads native code), `fts3_tokenizer` (returns a
    /// tokenizer's native address, or with two arguments replaces it),
    /// `sqlite_log` (writes to the process's error log), and the FTS and
    /// R-Tree functions (`snippet`, `bm25`, `optimize`, `rtreecheck`, ...).
    ///
    /// Pragmas, reading forms only: `table_info`, `table_xinfo`,
    /// `index_list`, `index_info`, `index_xinfo`, `foreign_key_list`,
    /// `foreign_key_check`, `integrity_check`, `quick_check` and `table_list`
    /// with one argument or none; `user_version`, `schema_version`,
    /// `application_id`, `compile_options`, `database_list`,
    /// `collation_list`, `function_list`, `module_list`, `pragma_list`,
    /// `page_count`, `page_size`, `freelist_count`, `encoding` and
    /// `data_version` with none.
    public static let standard = ReadOnlyPolicy(
        functions: coreFunctions.union(dateFunctions).union(mathFunctions).union(aggregateAndWindowFunctions)
            .union(jsonFunctions),
        pragmas: [
            "user_version", "schema_version", "application_id", "compile_options", "database_list",
            "collation_list", "function_list", "module_list", "pragma_list", "page_count", "page_size",
            "freelist_count", "encoding", "data_version",
        ],
        pragmasTakingArgument: [
            "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
            "foreign_key_check", "integrity_check", "quick_check", "table_list",
        ])

    private static let coreFunctions: Set<String> = [
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "if", "ifnull", "iif",
        "instr", "last_insert_rowid", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "octet_length", "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign",
        "soundex", "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_offset", "sqlite_source_id",
        "sqlite_version", "substr", "substring", "subtype", "total_changes", "trim", "typeof", "unhex", "unicode",
        "unistr", "unistr_quote", "unlikely", "upper", "zeroblob",
    ]

    private static let dateFunctions: Set<String> = [
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
        "current_time", "current_timestamp",
    ]

    private static let mathFunctions: Set<String> = [
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt",
        "tan", "tanh", "trunc",
    ]

    private static let aggregateAndWindowFunctions: Set<String> = [
        "avg", "count", "group_concat", "string_agg", "sum", "total", "median", "percentile", "percentile_cont",
        "percentile_disc", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
    ]

    private static let jsonFunctions: Set<String> = [
        "json", "json_array", "json_array_length", "json_error_position", "json_extract", "json_insert",
        "json_object", "json_patch", "json_pretty", "json_quote", "json_remove", "json_replace", "json_set",
        "json_type", "json_valid", "json_group_array", "json_group_object", "->", "->>", "jsonb", "jsonb_array",
        "jsonb_extract", "jsonb_insert", "jsonb_object", "jsonb_patch", "jsonb_remove", "jsonb_replace", "jsonb_set",
        "jsonb_group_array", "jsonb_group_object",
    ]
}
