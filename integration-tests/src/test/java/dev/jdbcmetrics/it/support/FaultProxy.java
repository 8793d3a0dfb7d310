package dev.jdbcmetrics.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a test's JDBC driver and a real database server on loopback, which breaks
 * the network on command the way real outages do, without privileges: no {@code tc}, no
 * namespaces, nothing outside this JVM is touched.
 *
 * <ul>
 *   <li>{@link #blackhole()}: nothing is read or forwarded any more, in either direction, and
 *       nothing is closed: no RST, no FIN. New connections are accepted by the kernel (the
 *       listen backlog) but never answered, like a SYN into a silent network; one whose client
 *       gave up meanwhile never reaches the server. Bytes sent on open connections meanwhile
 *       arrive after {@link #heal()}, as TCP's retransmission would deliver them.</li>
 *   <li>{@link #latency(long)}: every chunk, in each direction, is delivered N ms after it was
 *       read, in order and without adding up (a round trip costs 2·N), as {@code netem delay} on
 *       both ends would.</li>
 *   <li>{@link #resetAfterServerBytes(long)}: once N more bytes have come from the server, both
 *       sides of every open connection are closed with {@code SO_LINGER 0}: the client gets an
 *       RST mid-result.</li>
 *   <li>{@link #halfOpen()}: the server side of every connection vanishes (closed with RST, so
 *       the database ends those sessions) while the client side stays open and is never
 *       answered; new connections are not answered either. On {@link #heal()} the orphaned
 *       client sides are reset, as a rebooted server answers an unknown connection.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 5432)) {
 *     String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?socketTimeout=3";
 *     proxy.blackhole(); ... proxy.heal();
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closed;
    // Guarded by lock; the pumps wait on it while the network is silent.
    private boolean silent;
    private volatile long latencyMillis;
    /** Server bytes still allowed before the reset; negative: no reset armed. */
    private final AtomicLong resetBudget = new AtomicLong(-1);

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = daemon("fault-proxy-accept-" + server.getLocalPort(), this::acceptLoop);
    }

    /**
     * Starts a proxy on an ephemeral loopback port, forwarding to {@code host:port}.
     *
     * @param host the real server's address (loopback)
     * @param port the real server's port
     * @return the running proxy, passing everything through
     * @throws IOException when no port can be bound
     */
    public static FaultProxy start(String host, int port) throws IOException {
        FaultProxy proxy = new FaultProxy(host, port);
        proxy.acceptor.start();
        return proxy;
    }

    /**
     * Returns the port the proxy listens on (127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Rewrites a JDBC URL's {@code host:port} (the real server's) to the proxy's.
     *
     * @param jdbcUrl a URL naming {@code targetHost:targetPort}
     * @return the same URL through the proxy
     */
    public String rewrite(String jdbcUrl) {
        String real = targetHost + ":" + targetPort;
        if (!jdbcUrl.contains("//" + real + "/")) {
            throw new IllegalArgumentException("URL does not name " + real + ": " + jdbcUrl);
        }
        return jdbcUrl.replace("//" + real + "/", "//127.0.0.1:" + port() + "/");
    }

    /**
     * Returns how many client connections the proxy accepted so far.
     *
     * @return the count
     */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Drops every packet from now on, both directions, without closing anything. */
    public void blackhole() {
        synchronized (lock) {
            silent = true;
        }
    }

    /**
     * Delays every chunk by {@code millis} in each direction from now on (0: none).
     *
     * @param millis the one-way delay
     */
    public void latency(long millis) {
        latencyMillis = millis;
    }

    /**
     * Resets the connection (both sides, RST) that carries the server's next {@code bytes}-th
     * byte; the others, and later ones, pass normally.
     *
     * @param bytes server bytes to let through first
     */
    public void resetAfterServerBytes(long bytes) {
        resetBudget.set(bytes);
    }

    /** The server side of every connection vanishes; the client sides stay open, unanswered. */
    public void halfOpen() {
        synchronized (lock) {
            silent = true;
            for (Link link : links) {
                link.halfOpen = true;
                abort(link.upstream);
            }
        }
    }

    /** Ends every fault: traffic flows again; half-open connections are reset now. */
    public void heal() {
        latencyMillis = 0;
        resetBudget.set(-1);
        synchronized (lock) {
            for (Link link : links) {
                if (link.halfOpen) {
                    link.close();
                }
            }
            silent = false;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        heal();
        links.forEach(Link::close);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            // A silent network answers nothing: the accepted socket waits in connect() until the fault ends.
            daemon("fault-proxy-link-" + client.getPort(), () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        try {
            boolean waited = isSilent();
            awaitAudible(null);
            byte[] early = waited ? sentWhileSilent(client) : new byte[0];
            if (closed || early == null) {
                abort(client);
                return;
            }
            Socket upstream = new Socket();
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.getOutputStream().write(early);
            Link link = new Link(client, upstream);
            links.add(link);
            link.start();
        } catch (IOException | InterruptedException e) {
            abort(client);
        }
    }

    private boolean isSilent() {
        synchronized (lock) {
            return silent;
        }
    }

    /**
     * What a client waiting through a silent spell sent meanwhile, or null if it gave up and
     * closed: a connection attempt into a silent network dies with it and never reaches the
     * server, as a SYN that went unanswered.
     */
    private static byte[] sentWhileSilent(Socket client) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        client.setSoTimeout(50);
        try {
            int n;
            while ((n = client.getInputStream().read(buffer)) > 0) {
                sent.write(buffer, 0, n);
            }
            if (n < 0) {
                return null;
            }
        } catch (SocketTimeoutException stillThere) {
            // nothing more for now: the client is waiting for an answer
        } catch (SocketException reset) {
            return null;
        } finally {
            client.setSoTimeout(0);
        }
        return sent.toByteArray();
    }

    /** Blocks while the network is silent; returns at once otherwise. */
    private void awaitAudible(Link link) throws InterruptedException {
        synchronized (lock) {
            while (silent && !closed && (link == null || !link.closed)) {
                lock.wait(100);
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes with SO_LINGER 0: the peer gets an RST, not a FIN. */
    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** One client connection and its server connection, with a reader and a writer each way. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean halfOpen;
        volatile boolean closed;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), false, "up");
            pump(upstream.getInputStream(), client.getOutputStream(), true, "down");
        }

        /**
         * Reads chunks from {@code in} and hands them, stamped with their delivery time, to a
         * writer thread: the delay of one chunk never adds to the next one's.
         */
        private void pump(InputStream in, OutputStream out, boolean fromServer, String direction) {
            BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(64);
            daemon("fault-proxy-" + direction + "-read-" + client.getPort(), () -> {
                byte[] buffer = new byte[CHUNK];
                try {
                    while (!closed) {
                        awaitAudible(this);
                        int n = in.read(buffer);
                        if (n < 0) {
                            queue.put(Chunk.END);
                            return;
                        }
                        awaitAudible(this); // read just before the fault began: held, like a dropped packet
                        if (fromServer && resetDue(n)) {
                            resetBudget.set(-1);
                            close(); // RST both ways, the chunk in hand never delivered
                            return;
                        }
                        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMillis);
                        queue.put(new Chunk(Arrays.copyOf(buffer, n), due));
                    }
                } catch (IOException | InterruptedException e) {
                    lost();
                }
            }).start();
            daemon("fault-proxy-" + direction + "-write-" + client.getPort(), () -> {
                try {
                    while (!closed) {
                        Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (chunk == null) {
                            continue;
                        }
                        if (chunk == Chunk.END) {
                            lost();
                            return;
                        }
                        long wait = chunk.dueNanos - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        awaitAudible(this);
                        out.write(chunk.bytes);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    lost();
                }
            }).start();
        }

        /** One side ended or failed: a half-open link keeps its client side until healed. */
        private void lost() {
            if (!halfOpen) {
                close();
            }
        }

        void close() {
            closed = true;
            links.remove(this);
            abort(client);
            abort(upstream);
        }
    }

    private boolean resetDue(int bytes) {
        return resetBudget.get() >= 0 && resetBudget.addAndGet(-bytes) <= 0;
    }

    private record Chunk(byte[] bytes, long dueNanos) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }
}
