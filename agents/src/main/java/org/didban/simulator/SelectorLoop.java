package org.didban.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that reads every simulated device's UDP socket through a single selector, so a fleet
 * of thousands of devices costs one thread, not one each. Handlers run on this thread and must not
 * block.
 */
final class SelectorLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    /** Called with a copy of each datagram and its sender. */
    interface DatagramHandler {
        void onDatagram(InetSocketAddress from, ByteBuffer datagram);
    }

    private final Selector selector;
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65535);
    private volatile boolean running = true;

    SelectorLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void register(DatagramChannel channel, DatagramHandler handler) {
        changes.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, handler);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot watch " + channel, e);
            }
        });
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select();
                for (Runnable change; (change = changes.poll()) != null; ) {
                    change.run();
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.isReadable()) {
                        drain((DatagramChannel) key.channel(), (DatagramHandler) key.attachment());
                    }
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a bad datagram or a closed socket must not stop the other devices
                LOG.log(System.Logger.Level.DEBUG, "selector loop", e);
            }
        }
    }

    private void drain(DatagramChannel channel, DatagramHandler handler) {
        for (int i = 0; i < 64; i++) {
            SocketAddress from;
            buffer.clear();
            try {
                from = channel.receive(buffer);
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
            copy.put(buffer).flip();
            try {
                handler.onDatagram((InetSocketAddress) from, copy);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "handling a datagram", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing selector", e);
        }
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
