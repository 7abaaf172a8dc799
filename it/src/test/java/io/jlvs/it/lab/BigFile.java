package io.jlvs.it.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A 100 MiB file of seeded random bytes at {@code /100m} on every real server (hard links, one copy). */
public final class BigFile {
    private BigFile() {}

    /** Writes the file into the lab's state directory, links it into each server's pages; returns its SHA-256. */
    public static String create(Lab lab) throws IOException, NoSuchAlgorithmException {
        Path big = Path.of(lab.get("LAB_RUN"), "100m");
        byte[] chunk = new byte[1 << 20];
        java.util.Random rnd = new java.util.Random(42);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 100; i++) {
                rnd.nextBytes(chunk);
                out.write(chunk);
                sha.update(chunk);
            }
        }
        for (String rs : List.of("rs1", "rs2", "rs3")) {
            Path link = Path.of(lab.get("LAB_RUN"), rs, "www", "100m");
            Files.deleteIfExists(link);
            Files.createLink(link, big);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
