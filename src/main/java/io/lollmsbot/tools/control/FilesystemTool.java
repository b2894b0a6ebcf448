package io.lollmsbot.tools.control;

import io.lollmsbot.config.control.Cached;
import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.sandbox.control.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Files in the caller's own workspace (the one the shell tool sees as /workspace): list, read, write, delete and
 * move, as UTF-8 text or base64 for binary content. Paths go through the {@link WorkspaceJail}; a file's size, the
 * workspace's total size and its number of files are capped by settings.
 */
@ApplicationScoped
public class FilesystemTool implements Tool {

    static final String MAX_FILE_BYTES = "lollmsbot.tools.filesystem.max-file-bytes";
    private static final String NAME = "filesystem";
    private static final String SCHEMA = """
            {"type":"object","properties":{
              "action":{"type":"string","enum":["list","read","write","delete","move"]},
              "path":{"type":"string","maxLength":1024,"description":"relative to the workspace, / between names"},
              "to":{"type":"string","maxLength":1024,"description":"move: the new path"},
              "content":{"type":"string","description":"write: the file's content"},
              "encoding":{"type":"string","enum":["text","base64"],"description":"text (UTF-8, the default) or base64"}},
             "required":["action"],"additionalProperties":false}""";
    private static final JsonObject PARAMETERS = ToolDefinition.schema(SCHEMA);

    @Inject
    Workspaces workspaces;

    @Inject
    @Cached
    Config config;

    /** Without building the description, which reads settings: the registry asks every tool on every turn. */
    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                NAME,
                "Files in the user's private workspace (the shell's /workspace). "
                        + "action=list (path optional: a directory), read (path; encoding text or base64), write (path, content, "
                        + "encoding; replaces the file, creates directories), delete (path: a file or an empty directory), "
                        + "move (path, to). Paths are relative; '..', absolute paths and symbolic links are refused. At most "
                        + maxFileBytes() + " bytes per file, " + maxFiles() + " files and " + maxTotalBytes()
                        + " bytes in all.",
                PARAMETERS);
    }

    @Override
    public String execute(ToolCaller caller, JsonObject arguments) {
        WorkspaceJail jail = new WorkspaceJail(workspaces.of(caller.userId()));
        String path = arguments.getString("path", "");
        try {
            return switch (arguments.getString("action")) {
                case "list" -> list(jail, path);
                case "read" -> read(jail, required(path), arguments.getString("encoding", "text"));
                case "write" -> write(jail, required(path), content(arguments));
                case "delete" -> delete(jail, required(path));
                case "move" -> move(jail, required(path), required(arguments.getString("to", "")));
                default -> throw new ToolFailure("action must be list, read, write, delete or move.");
            };
        } catch (IOException e) {
            throw new ToolFailure(
                    "The file operation failed (" + e.getClass().getSimpleName().replace("Exception", "") + ").");
        }
    }

    private String list(WorkspaceJail jail, String path) throws IOException {
        Path directory = jail.resolve(path);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("'" + path + "' is not a directory.");
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        }
        children.sort(null);
        JsonArrayBuilder listed = Json.createArrayBuilder();
        int shown = Math.min(children.size(), maxFiles());
        for (Path child : children.subList(0, shown)) {
            listed.add(Json.createObjectBuilder()
                    .add("name", child.getFileName().toString())
                    .add("type", type(child))
                    .add("size", Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS) ? Files.size(child) : 0));
        }
        return Json.createObjectBuilder()
                .add("path", relative(jail, directory))
                .add("entries", listed)
                .add("truncated", shown < children.size())
                .build()
                .toString();
    }

    private String read(WorkspaceJail jail, String path, String encoding) throws IOException {
        Path file = jail.resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("'" + path + "' is not a file.");
        }
        WorkspaceJail.requireSingleLink(file);
        long size = Files.size(file);
        if (size > maxFileBytes()) {
            throw new ToolFailure("'" + path + "' has " + size + " bytes; at most " + maxFileBytes() + " can be read.");
        }
        byte[] bytes;
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(maxFileBytes());
        }
        String content = "base64".equals(encoding) ? Base64.getEncoder().encodeToString(bytes) : utf8(bytes, path);
        return Json.createObjectBuilder()
                .add("path", relative(jail, file))
                .add("size", bytes.length)
                .add("encoding", "base64".equals(encoding) ? "base64" : "text")
                .add("content", content)
                .build()
                .toString();
    }

    private String write(WorkspaceJail jail, String path, byte[] content) throws IOException {
        Path file = jail.resolve(path);
        if (file.equals(jail.root()) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("'" + path + "' is a directory.");
        }
        WorkspaceJail.requireSingleLink(file);
        if (content.length > maxFileBytes()) {
            throw new ToolFailure(
                    "The content has " + content.length + " bytes; a file may have at most " + maxFileBytes() + ".");
        }
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        WorkspaceUsage usage = WorkspaceUsage.of(jail.root());
        long total = usage.bytes() - (exists ? Files.size(file) : 0) + content.length;
        if (total > maxTotalBytes()) {
            throw new ToolFailure(
                    "The workspace would hold " + total + " bytes; at most " + maxTotalBytes() + " are allowed.");
        }
        if (!exists && usage.files() + 1 > maxFiles()) {
            throw new ToolFailure("The workspace already holds " + usage.files() + " files, the most allowed.");
        }
        Files.createDirectories(file.getParent());
        // the directories were created inside the jail; check again in case something else raced a link into place
        jail.resolve(relative(jail, file));
        try (OutputStream out = Files.newOutputStream(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.write(content);
        }
        return Json.createObjectBuilder()
                .add("written", relative(jail, file))
                .add("size", content.length)
                .build()
                .toString();
    }

    private String delete(WorkspaceJail jail, String path) throws IOException {
        Path target = jail.resolveLink(path);
        if (target.equals(jail.root())) {
            throw new ToolFailure("The workspace itself cannot be deleted.");
        }
        try {
            if (!Files.deleteIfExists(target)) {
                throw new ToolFailure("'" + path + "' does not exist.");
            }
        } catch (DirectoryNotEmptyException e) {
            throw new ToolFailure("'" + path + "' is a directory that is not empty.");
        }
        return Json.createObjectBuilder()
                .add("deleted", relative(jail, target))
                .build()
                .toString();
    }

    private String move(WorkspaceJail jail, String path, String to) throws IOException {
        Path source = jail.resolveLink(path);
        Path target = jail.resolve(to);
        if (source.equals(jail.root()) || target.equals(jail.root())) {
            throw new ToolFailure("The workspace itself cannot be moved.");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("'" + path + "' does not exist.");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("'" + to + "' already exists.");
        }
        if (target.startsWith(source)) {
            throw new ToolFailure("A directory cannot be moved into itself.");
        }
        Files.createDirectories(target.getParent());
        Files.move(source, target, LinkOption.NOFOLLOW_LINKS);
        return Json.createObjectBuilder()
                .add("moved", relative(jail, source))
                .add("to", relative(jail, target))
                .build()
                .toString();
    }

    private static byte[] content(JsonObject arguments) {
        if (!arguments.containsKey("content")) {
            throw new ToolFailure("content is required to write.");
        }
        String content = arguments.getString("content");
        if ("base64".equals(arguments.getString("encoding", "text"))) {
            try {
                return Base64.getDecoder().decode(content.strip());
            } catch (IllegalArgumentException e) {
                throw new ToolFailure("content is not valid base64.");
            }
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] bytes, String path) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ToolFailure("'" + path + "' is not UTF-8 text: read it with encoding base64.");
        }
    }

    private static String required(String path) {
        if (path.isBlank()) {
            throw new ToolFailure("path is required.");
        }
        return path;
    }

    private static String type(Path path) {
        if (Files.isSymbolicLink(path)) {
            return "link";
        }
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                ? "directory"
                : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
    }

    private static String relative(WorkspaceJail jail, Path path) {
        return jail.root().relativize(path).toString();
    }

    private int maxFileBytes() {
        return config.getValue(MAX_FILE_BYTES, Integer.class);
    }

    private long maxTotalBytes() {
        return WorkspaceUsage.maxBytes(config);
    }

    private int maxFiles() {
        return WorkspaceUsage.maxFiles(config);
    }
}
