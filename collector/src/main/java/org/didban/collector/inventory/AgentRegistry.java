package org.didban.collector.inventory;

import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.didban.model.Inventory;

/** The agents allowed to send batches, found by the token they present. Immutable. */
public final class AgentRegistry {
    private final Map<String, Agent> byId;
    private final Map<String, Agent> byTokenHash;

    private AgentRegistry(Map<String, Agent> byId, Map<String, Agent> byTokenHash) {
        this.byId = Collections.unmodifiableMap(byId);
        this.byTokenHash = byTokenHash;
    }

    /** Refuses two agents with one id, or two agents sharing a token (whose batches could not be told apart). */
    public static AgentRegistry of(Collection<Agent> agents) {
        Map<String, Agent> byId = new LinkedHashMap<>();
        Map<String, Agent> byHash = new LinkedHashMap<>();
        for (Agent a : agents) {
            if (byId.putIfAbsent(a.id(), a) != null) {
                throw new IllegalArgumentException("duplicate agent id " + a.id());
            }
            Agent other = byHash.putIfAbsent(a.tokenSha256(), a);
            if (other != null) {
                throw new IllegalArgumentException("agents " + other.id() + " and " + a.id() + " share a token");
            }
        }
        return new AgentRegistry(byId, byHash);
    }

    public static AgentRegistry empty() {
        return of(java.util.List.of());
    }

    /**
     * The agent that owns {@code token}, if any. Looked up by the token's hash (a timing leak on
     * a hash lookup reveals nothing usable about the token), then confirmed in constant time.
     */
    public Optional<Agent> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Agent.sha256(token);
        Agent agent = byTokenHash.get(HexFormat.of().formatHex(digest));
        return agent != null && agent.matches(digest) ? Optional.of(agent) : Optional.empty();
    }

    public Agent agent(String id) {
        return byId.get(id);
    }

    public Collection<Agent> agents() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    /** Throws when an agent speaks for a branch the inventory does not have. */
    public void checkAgainst(Inventory inventory) {
        for (Agent a : byId.values()) {
            if (inventory.branch(a.branchCode()) == null) {
                throw new IllegalArgumentException("agent " + a.id() + " names unknown branch " + a.branchCode());
            }
        }
    }
}
