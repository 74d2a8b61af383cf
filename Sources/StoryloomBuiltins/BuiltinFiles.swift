/// The built-in plugins, their shared modules and the HTML page templates: the files of the
/// package's `plugins/` folder, embedded in the binary when it is built (by the EmbedBuiltins
/// build plugin), so an installed `storyloom` needs no files beside it.
public enum BuiltinFiles {
    /// Each file's path relative to `plugins/` (e.g. `layouts/overview.lua`) and its text, in
    /// path order.
    public static var all: [(path: String, text: String)] { embeddedFiles }
}
