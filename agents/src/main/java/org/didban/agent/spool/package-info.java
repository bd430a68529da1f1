/**
 * The disk spool: batches waiting for the collector, kept on disk so that a branch cut off from the
 * collector, a restart or a {@code kill -9} loses nothing the agent saw.
 *
 * <h2>Format</h2>
 * {@link org.didban.agent.spool.DiskSpool} keeps one H2 MVStore file, {@code spool.mv.db}, in the
 * agent's spool directory (H2 is used for its MVStore only: pure Java, no native code, an
 * append-only chunk format with checksums that reopens at the last complete commit after a crash).
 * Two maps: {@code batches} (an increasing key, in the order added → one batch) and {@code meta}
 * ({@code format}, {@code epoch}, {@code last_seq}). A batch is stored as a 25-byte header (format,
 * epoch, seq, sample and event counts, so that opening reads no JSON) followed by the batch's wire
 * JSON ({@code SiteBatchCodec}) deflated. Only the head is read back and decoded.
 *
 * <h2>Durability</h2>
 * {@code add} writes the batch and the run identity ({@code epoch}, {@code last_seq}) and returns
 * only after {@code MVStore.commit()} and {@code MVStore.sync()} ({@code FileChannel.force}): a
 * batch the uplink has queued survives a crash and a power cut. {@code remove} (the collector took
 * the head) commits and syncs too, so that a restart does not send it again; if a crash falls
 * between the collector's answer and that sync, the batch is sent again under the same (epoch, seq)
 * and the collector answers "duplicate" without applying it. One fsync per poll round and one per
 * delivered batch: negligible at 10-second polls. A failed commit or sync (disk error) is logged and
 * counted ({@code writeErrors}); the batch stays queued in memory.
 *
 * <h2>Bounds</h2>
 * The spool holds at most {@code maxBytes} of stored batches (default
 * {@link org.didban.agent.spool.DiskSpool#DEFAULT_MAX_BYTES} = 128 MiB). Measured on a real poll
 * round of a simulated 5-device branch over SNMPv3 (the agent's poll profiles at the time of
 * writing): 231 samples, 30,390 bytes of JSON, 2,390 bytes stored; a 10-device branch at 10-second
 * polls for 24 hours (8,640 rounds) needs about 41 MB, so the default holds a day with about 3x
 * headroom ({@code SpoolSizingTest} prints the measurement and fails if the default no longer holds
 * two such days, e.g. when the poll profiles grow; it would then need raising, or send-by-exception,
 * and this paragraph updating). When a new batch takes it over the bound, as in the memory queue:
 * samples go first, from the oldest batch after the head, a whole device at a time (a device's samples of one poll stay
 * together); only when no batch after the head holds samples do events go, oldest first. The head is
 * never trimmed (it may be on the wire, and a retry must carry what its seq first carried), so an
 * oversized head alone may exceed the bound. A batch left empty is removed: the collector sees the
 * gap in seq. The file itself is somewhat larger than the stored bytes (MVStore keeps old chunks for
 * a while and compacts in its background thread): {@code fileBytes()} reports it.
 *
 * <h2>Replay and the run identity</h2>
 * After a restart the batches are handed out oldest first. The spool persists the epoch and the
 * last sequence number it was given, in the same commit as the batch, and
 * {@link org.didban.agent.spool.DiskSpool#epoch()} / {@link org.didban.agent.spool.DiskSpool#nextSeq()}
 * give them back: the agent builds its {@code Uplink} with them (the constructor that takes an
 * epoch) and calls {@code Uplink.sendQueued()} to start the replay at once. So a restarted agent
 * continues the same run: replayed and new batches form one increasing sequence of one epoch, the
 * collector neither drops the replay as stale (an epoch older than the latest it saw) nor applies
 * anything twice. A sequence number handed out for a batch that never reached the disk (a crash
 * inside {@code add}) is simply used again. A fresh spool starts a new epoch (the clock's time), so
 * a spool lost or moved aside starts a later run, which the collector accepts.
 *
 * <h2>Damage</h2>
 * A store that cannot be opened or read (not an MVStore file, a broken chunk, an unknown format) is
 * moved aside to {@code spool.mv.db.corrupt-<UTC time>} with an ERROR log line naming both files,
 * counted ({@code corruptStores}), and a fresh store is started; if even that fails the spool keeps
 * batches in memory ({@code persistent()} false) rather than stop the agent. A single record that
 * cannot be read back is left out, logged and counted ({@code unreadableBatches}). A store locked by
 * another running process is not damage: {@code open} refuses it with an {@code IllegalStateException}.
 *
 * <h2>Counters</h2>
 * {@code spooled} (batches added), {@code recoveredAtOpen} (found on disk at start), {@code replayed}
 * (of those, since delivered), {@code droppedSamples}, {@code droppedEvents}, {@code bytes} (stored,
 * what the bound applies to), {@code fileBytes}, {@code corruptStores}, {@code unreadableBatches},
 * {@code writeErrors}; {@code stats()} gives them all at once.
 */
package org.didban.agent.spool;
