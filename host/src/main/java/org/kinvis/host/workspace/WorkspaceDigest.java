package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest pyhf's patchsets carry of their background-only workspace ({@code pyhf.utils.digest}): a hash of
 * the document serialised as Python's {@code json.dumps(spec, sort_keys=True, ensure_ascii=False)} (see
 * {@link PythonJson}), UTF-8 encoded.
 */
public final class WorkspaceDigest {
    /** The algorithms pyhf's patchset schema allows. */
    public static final List<String> ALGORITHMS = List.of("md5", "sha256");

    private WorkspaceDigest() {
    }

    /** Hex digest of the canonical text with {@code algorithm} (md5 or sha256). */
    public static String of(JsonNode spec, String algorithm) {
        String javaName = switch (algorithm) {
            case "md5" -> "MD5";
            case "sha256" -> "SHA-256";
            default -> throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm
                    + "', expected one of " + ALGORITHMS);
        };
        try {
            MessageDigest md = MessageDigest.getInstance(javaName);
            return HexFormat.of().formatHex(md.digest(PythonJson.dumps(spec, -1).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
