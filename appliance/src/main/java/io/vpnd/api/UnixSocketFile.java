package io.vpnd.api;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * The file-system side of the management socket: the parent directory, a socket left behind by a
 * daemon that crashed (removed) versus one a live daemon answers on (refused), the mode and group
 * that decide who may run vpnctl, and removal on shutdown.
 */
final class UnixSocketFile {

    private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());

    /** rw for owner and group: connecting to a Unix socket needs write permission on it. */
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketFile() {
    }

    /** Resolves {@code api.group} before anything is created, so a typo fails cleanly. */
    static GroupPrincipal lookupGroup(String group) throws IOException {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("api.group: no such group '" + group + "' (create it with: groupadd --system "
                    + group + ")", e);
        }
    }

    /**
     * Makes {@code socket} bindable: creates missing parent directories (0755) and removes a socket
     * file nobody answers on; refuses a path that is not a socket or that a live process answers on.
     */
    static void prepare(Path socket) throws IOException {
        createParents(socket.toAbsolutePath().getParent());
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            throw new IOException("api.socket: " + socket + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            // ECONNREFUSED: the socket file outlived its listener (a crash, a kill -9)
            Files.deleteIfExists(socket);
            LOG.log(Level.INFO, "removed stale management socket {0} (nothing was listening on it)", socket);
            return;
        } catch (IOException e) {
            throw new IOException("api.socket: " + socket + " exists and cannot be probed (" + e.getMessage()
                    + "); remove it if no vpnd is running", e);
        }
        throw new IOException("api.socket: another process (a running vpnd?) is listening on " + socket
                + "; stop it first or configure another api.socket");
    }

    /** Applies the group (if any) and then mode 0660 to a freshly bound socket. */
    static void secure(Path socket, GroupPrincipal group) throws IOException {
        // group first, so that widening to group access never applies to the wrong group
        if (group != null) {
            Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(group);
        }
        Files.setPosixFilePermissions(socket, SOCKET_MODE);
    }

    /** Removes the socket file; a missing file is fine (Netty removes it when the channel closes). */
    static void delete(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove management socket {0}: {1}", socket, e.getMessage());
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (((Integer) mode) & S_IFMT) == S_IFSOCK;
    }

    private static void createParents(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path created = missing.pop();
            try {
                Files.createDirectory(created);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (Files.isDirectory(created)) {
                    continue; // created by someone else meanwhile (systemd's RuntimeDirectory=): theirs to set up
                }
                throw new IOException("api.socket: " + created + " exists and is not a directory", e);
            }
            // explicit, because createDirectory's mode is filtered by the process umask
            Files.setPosixFilePermissions(created, DIRECTORY_MODE);
        }
    }
}
