package dev.pims.sdk.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The layout of a {@link FileDeviceStateStore} file (file format 2): two slots of {@code S} bytes each, {@code S} a
 * multiple of 4096 (so the slots share no disk sector or memory page), slot {@code i} at offset {@code i * S}; the
 * file's size is {@code 2 * S}. A slot, big-endian:
 * <pre>
 * offset 0   4 bytes  magic "PIMS"
 *        4   4 bytes  file format version: 2
 *        8   8 bytes  sequence number (1, 2, 3... one more than the newest slot's at each save)
 *        16  4 bytes  payload length n
 *        20  n bytes  payload: the state's JSON document, UTF-8
 *        20+n 32 bytes SHA-256 of bytes 0 .. 20+n
 *        then zeros up to S
 * </pre>
 * A slot is valid when its magic, version, length and digest are; the valid slot with the higher sequence number
 * holds the state.
 */
final class SlotFile {

    static final int ALIGN = 4096;
    static final int MAGIC = 0x50494D53;
    static final int VERSION = 2;
    private static final int HEADER = 20;
    private static final int DIGEST = 32;

    /** A valid slot: its index (0 or 1), its sequence number and its payload. */
    record Slot(int index, long sequence, byte[] payload) {
    }

    private SlotFile() {
    }

    static boolean validSize(long size) {
        return size > 0 && size % (2L * ALIGN) == 0 && size <= Integer.MAX_VALUE;
    }

    static boolean fits(int payloadLength, int slotSize) {
        return HEADER + (long) payloadLength + DIGEST <= slotSize;
    }

    /** A new file: the payload in slot 0 with sequence number 1, slot 1 zeros. Room for half as much again. */
    static byte[] newFile(byte[] payload) {
        int needed = HEADER + payload.length + DIGEST;
        int slotSize = ((needed + needed / 2) + ALIGN - 1) / ALIGN * ALIGN;
        byte[] file = new byte[2 * slotSize];
        byte[] slot = slot(slotSize, 1, payload);
        System.arraycopy(slot, 0, file, 0, slotSize);
        return file;
    }

    /** The bytes of one whole slot. */
    static byte[] slot(int slotSize, long sequence, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(slotSize);
        b.putInt(MAGIC).putInt(VERSION).putLong(sequence).putInt(payload.length).put(payload);
        b.put(sha256(b.array(), 0, HEADER + payload.length));
        return b.array();
    }

    /** The valid slot with the higher sequence number; null when the size is wrong or neither slot is valid. */
    static Slot newest(byte[] file) {
        if (!validSize(file.length)) {
            return null;
        }
        Slot a = parse(file, 0);
        Slot b = parse(file, 1);
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.sequence() > a.sequence() ? b : a;
    }

    private static Slot parse(byte[] file, int index) {
        int slotSize = file.length / 2;
        int base = index * slotSize;
        ByteBuffer b = ByteBuffer.wrap(file, base, slotSize).slice();
        if (b.getInt() != MAGIC || b.getInt() != VERSION) {
            return null;
        }
        long sequence = b.getLong();
        int length = b.getInt();
        if (sequence < 1 || length < 0 || !fits(length, slotSize)) {
            return null;
        }
        byte[] digest = sha256(file, base, HEADER + length);
        byte[] stored = Arrays.copyOfRange(file, base + HEADER + length, base + HEADER + length + DIGEST);
        if (!MessageDigest.isEqual(digest, stored)) {
            return null;
        }
        return new Slot(index, sequence, Arrays.copyOfRange(file, base + HEADER, base + HEADER + length));
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
