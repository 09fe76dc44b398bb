/// When `Map(f, Map(g, x))` is fused into `Map(f∘g, x)` (§2 "Map simplification").
public enum MapSimplification: Sendable, Hashable {
    /// Fuse only when the inner Map has no explicit name or encoding (the default; §19 item
    /// 18: fusing would silently drop those annotations).
    case unlessInnerAnnotated
    /// Always fuse, dropping the inner Map's annotations, exactly as Tracr does.
    case tracr
    /// Never fuse.
    case never
}
