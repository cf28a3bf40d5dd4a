package io.latticeshop.local.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.latticeshop.local.StartupException;

/**
 * Finds a template resource by any name a person would use for it: its logical id, its
 * CDK construct path, or its physical name. Logical ids carry CDK's hash suffixes and
 * change when a construct moves; construct paths and names survive such refactorings, so
 * binding files should prefer them.
 */
public final class References {

	/** What a resource can be called by. */
	public record Entry(String logicalId, String type, Optional<String> constructPath, Set<String> names) {
	}

	private final String stackName;

	private final Map<String, Entry> entries;

	References(String stackName, Map<String, Entry> entries) {
		this.stackName = stackName;
		this.entries = entries;
	}

	/**
	 * The logical id {@code reference} names among resources of {@code type}. Accepts a
	 * logical id, a construct path with or without the stack name and the trailing
	 * {@code /Resource} or {@code /Default}, a construct path that leads to exactly one
	 * resource of that type, or a physical name.
	 * @throws StartupException if the reference is ambiguous
	 */
	public Optional<String> find(String reference, String type, String where) {
		List<Entry> candidates = this.entries.values().stream().filter((entry) -> entry.type().equals(type)).toList();
		for (Entry entry : candidates) {
			if (entry.logicalId().equals(reference)) {
				return Optional.of(entry.logicalId());
			}
		}
		String wanted = trimPath(reference);
		List<Entry> exact = new ArrayList<>();
		List<Entry> below = new ArrayList<>();
		List<Entry> named = new ArrayList<>();
		for (Entry entry : candidates) {
			if (entry.names().contains(reference)) {
				named.add(entry);
			}
			if (entry.constructPath().isEmpty() || wanted.isEmpty()) {
				continue;
			}
			String path = normalize(entry.constructPath().get());
			if (path.equals(wanted)) {
				exact.add(entry);
			}
			else if (path.startsWith(wanted + "/")) {
				below.add(entry);
			}
		}
		Set<Entry> matches = new LinkedHashSet<>(exact);
		matches.addAll(named);
		if (matches.isEmpty()) {
			matches.addAll(below);
		}
		if (matches.size() > 1) {
			throw new StartupException(where + ": '" + reference + "' is ambiguous, it names " + matches.size() + " "
					+ type + " resources: " + describe(List.copyOf(matches)) + "; use one of these instead");
		}
		return matches.stream().findFirst().map(Entry::logicalId);
	}

	/** Like {@link #find} but a reference that names nothing is an error too. */
	public String require(String reference, String type, String where) {
		return find(reference, type, where).orElseThrow(() -> new StartupException(where + ": no " + type + " '"
				+ reference + "' in the template; candidates: " + describe(candidates(type))));
	}

	public Optional<Entry> entry(String logicalId) {
		return Optional.ofNullable(this.entries.get(logicalId));
	}

	/**
	 * The shortest path a binding file can use: no stack name, no {@code /Resource}.
	 */
	public String shortPath(String logicalId) {
		Entry entry = this.entries.get(logicalId);
		return (entry == null || entry.constructPath().isEmpty()) ? logicalId : normalize(entry.constructPath().get());
	}

	private List<Entry> candidates(String type) {
		return this.entries.values().stream().filter((entry) -> entry.type().equals(type)).toList();
	}

	private String describe(List<Entry> entries) {
		if (entries.isEmpty()) {
			return "(none)";
		}
		List<String> out = new ArrayList<>();
		for (Entry entry : entries) {
			StringBuilder text = new StringBuilder();
			entry.constructPath().ifPresent((path) -> text.append(normalize(path)).append(" = "));
			text.append(entry.logicalId());
			if (!entry.names().isEmpty()) {
				text.append(" (name ").append(entry.names().iterator().next()).append(')');
			}
			out.add(text.toString());
		}
		return String.join(", ", out);
	}

	private String normalize(String constructPath) {
		String path = constructPath;
		if (path.startsWith(this.stackName + "/")) {
			path = path.substring(this.stackName.length() + 1);
		}
		for (String leaf : List.of("/Resource", "/Default")) {
			if (path.endsWith(leaf)) {
				path = path.substring(0, path.length() - leaf.length());
			}
		}
		return path;
	}

	private String trimPath(String reference) {
		String path = reference.strip();
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return normalize(path);
	}

}
