/// The GrantPortfolio library's version.
public enum GrantPortfolioVersion {
    /// The version string, such as `0.1.0`.
    public static let string = "0.1.0"
}
