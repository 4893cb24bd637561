/// The body of an image size event (006). Nil fields are left out, as HTCondor does when an
/// older starter did not report them.
public struct ImageSizeUpdate: Sendable, Hashable {
    public var imageSizeKB: Int64
    public var memoryUsageMB: Int64?
    public var residentSetSizeKB: Int64?
    public var proportionalSetSizeKB: Int64?

    public init(imageSizeKB: Int64, memoryUsageMB: Int64? = nil, residentSetSizeKB: Int64? = nil, proportionalSetSizeKB: Int64? = nil) {
        self.imageSizeKB = imageSizeKB
        self.memoryUsageMB = memoryUsageMB
        self.residentSetSizeKB = residentSetSizeKB
        self.proportionalSetSizeKB = proportionalSetSizeKB
    }
}
