package io.jlvs.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client end of the admin API: newline-delimited JSON over jlvsd's Unix domain socket, one
 * request and one response per connection.
 */
public final class AdminClient {
    /** Where jlvsd listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/jlvs/jlvsd.sock");

    /** Environment variable naming the socket; a {@code --socket} option overrides it. */
    public static final String SOCKET_ENV = "JLVS_SOCKET";

    private static final TypeReference<List<ConnectionEntry>> CONNECTIONS = new TypeReference<>() {};

    private final Path socket;

    public AdminClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** The socket to use: the option if given, else {@code JLVS_SOCKET}, else the default. */
    public static Path socketPath(String option, Map<String, String> env) {
        if (option != null && !option.isEmpty()) {
            return Path.of(option);
        }
        String fromEnv = env.get(SOCKET_ENV);
        return fromEnv != null && !fromEnv.isEmpty() ? Path.of(fromEnv) : DEFAULT_SOCKET;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Sends one request and reads its response.
     *
     * @throws IOException if jlvsd cannot be reached or answers with something that is not a
     *     response
     */
    public AdminResponse call(AdminRequest request) throws IOException {
        ObjectMapper mapper = AdminJson.mapper();
        byte[] line = mapper.writeValueAsBytes(request);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n');
            out.flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            byte[] answer = readAll(Channels.newInputStream(ch));
            if (answer.length == 0) {
                throw new IOException("jlvsd closed the connection without answering");
            }
            return mapper.readValue(answer, AdminResponse.class);
        }
    }

    /** Sends a request and returns its result, or throws the failure it reports. */
    public JsonNode execute(AdminRequest request) throws IOException, AdminException {
        AdminResponse r = call(request);
        if (!r.ok()) {
            throw new AdminException(r.error(), r.exitCode(), r.failedIndex());
        }
        return r.result();
    }

    /** Applies one command. */
    public void execute(AdminCommand command) throws IOException, AdminException {
        execute(AdminRequest.of(command));
    }

    /** Applies commands all or nothing. */
    public void restore(List<? extends AdminCommand> commands) throws IOException, AdminException {
        execute(AdminRequest.restore(commands));
    }

    public TableView list() throws IOException, AdminException {
        return AdminJson.mapper().treeToValue(execute(AdminRequest.list()), TableView.class);
    }

    /** The table with only the given service; fails with "No such service" if it is absent. */
    public TableView list(ServiceKey service) throws IOException, AdminException {
        return AdminJson.mapper().treeToValue(execute(AdminRequest.list(service)), TableView.class);
    }

    public List<ConnectionEntry> connections() throws IOException, AdminException {
        ObjectMapper m = AdminJson.mapper();
        return m.readValue(m.treeAsTokens(execute(AdminRequest.connections())), CONNECTIONS);
    }

    public Timeouts timeouts() throws IOException, AdminException {
        return AdminJson.mapper().treeToValue(execute(AdminRequest.timeouts()), Timeouts.class);
    }

    /** The health checkers' states. */
    public HealthView checks() throws IOException, AdminException {
        return AdminJson.mapper().treeToValue(execute(AdminRequest.checks()), HealthView.class);
    }

    /** Asks jlvsd to re-read its configuration; returns what it reports. */
    public String reload() throws IOException, AdminException {
        return AdminJson.mapper()
                .treeToValue(execute(AdminRequest.reload()), AdminRequest.ReloadResult.class)
                .message();
    }

    /** Drains a real server; with {@code await} the answer comes when the drain is over. */
    public AdminRequest.DrainSummary drain(AdminRequest.DrainArgs args) throws IOException, AdminException {
        return AdminJson.mapper().treeToValue(execute(AdminRequest.drain(args)), AdminRequest.DrainSummary.class);
    }

    /** Sets a setting (value non-null) or reads them; returns every setting by name. */
    public Map<String, String> sysctl(String name, String value) throws IOException, AdminException {
        ObjectMapper m = AdminJson.mapper();
        return m.readValue(m.treeAsTokens(execute(AdminRequest.sysctl(name, value))), SETTINGS);
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, String>> SETTINGS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }
}
