package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code lb run} per instance: a lock on a file named after the instance's pin directory, held for the life of
 * the process (the kernel releases it when the process ends, {@code kill -9} included) and holding its pid for the
 * message a second one prints. The lock file is left in place: deleting it would let two processes lock two files.
 */
final class InstanceLock implements AutoCloseable {
    /** Where lock files live: {@code <dir>/<pin directory without its leading '/'>.lock}. */
    static final Path DIR = Path.of("/run/ebpf-lb/locks");

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir the lock directory, {@link #DIR} outside tests
     * @param pinDir the instance's pin directory, which names the lock
     * @param instance the instance name, for messages
     * @return the held lock
     * @throws StartupException when another process holds it, naming that process's pid
     */
    static InstanceLock acquire(Path dir, Path pinDir, String instance) throws StartupException {
        Path file = dir.resolve(pinDir.toAbsolutePath().normalize().toString().substring(1) + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new StartupException(StartupException.RUNTIME_FAILURE, "instance " + instance + " (pinned "
                        + "state in " + pinDir + ") is already running" + (holder.isEmpty() ? "" : " as pid " + holder)
                        + "; stop it first, or give this one another lb.instance (lock " + file + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(false);
            return new InstanceLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException(StartupException.RUNTIME_FAILURE, "cannot take the instance lock " + file
                    + ": " + e.getMessage());
        }
    }

    /** The pid the holder wrote, read through this channel: opening the file again is not needed. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** @return the lock, or null when another process holds it (or this one, through another channel) */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** Releases the lock; the next {@code lb run} of the instance may start. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the kernel releases the lock with it
        }
    }
}
