package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EACCES on the socket. Root is never refused, so as root vpnctl runs in a child JVM as
 * {@code nobody} (via runuser) against a root-owned 0660 socket; as any other user, in-process
 * against a socket of mode 0000.
 */
@Timeout(60)
class PermissionDeniedTest {

    @TempDir
    Path dir;

    @Test
    void permissionDeniedSaysWhoMayConnect() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("vpnd.sock");
        try (StubVpnd vpnd = new StubVpnd(socket)) {
            vpnd.answer("GET /v1/status", 200, "{\"tunnels\":[]}");
            String expected = "vpnctl: permission denied on " + socket
                    + ": run as root or as a member of the socket's group";
            if (!TestPrerequisites.isRoot()) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("---------"));
                CliRun run = CliRun.run("--socket", socket.toString(), "status");
                assertEquals(1, run.exit());
                assertTrue(run.err().startsWith(expected), run.err());
                return;
            }
            TestPrerequisites.require(new File("/usr/sbin/runuser").canExecute()
                    || new File("/sbin/runuser").canExecute(), "runuser, to run vpnctl as nobody");
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            ChildResult child = runAsNobody(socket);
            assertEquals(1, child.exit(), child.err());
            assertEquals(expected + " (root)\n", child.err());
            assertTrue(vpnd.requests.isEmpty(), "nothing got through");
        }
    }

    private record ChildResult(int exit, String err) {
    }

    /** Copies vpnctl's classes and jars where nobody can read them, then runs it as nobody. */
    private ChildResult runAsNobody(Path socket) throws IOException, InterruptedException {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            boolean cliClasses = entry.endsWith("cli/target/classes") || entry.endsWith("cli/target/classes/");
            if (cliClasses) {
                Path copy = dir.resolve("classes");
                try (var files = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.copy(f, copy.resolve(source.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                classpath.add(copy.toString());
            } else if (entry.contains("picocli") || entry.contains("jackson")) {
                Path copy = lib.resolve(source.getFileName());
                Files.copy(source, copy);
                classpath.add(copy.toString());
            }
        }
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.equals(socket)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(
                            Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("runuser", "-u", "nobody", "--", java, "-Xshare:off",
                "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, classpath),
                "io.vpnd.cli.Vpnctl", "--socket", socket.toString(), "status")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("vpnctl as nobody did not finish");
        }
        return new ChildResult(process.exitValue(), new String(process.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
