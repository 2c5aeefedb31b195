package dev.rundbrief.cli;

import dev.rundbrief.core.SingleLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML mapping read with line numbers kept, so that every configuration error can name the key
 * and the line it is on. Keys that were never read are reported as unknown.
 */
final class YamlTree {
  private final String file;
  private final String path;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> read;

  private YamlTree(String file, String path, MappingNode node, Set<String> read) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.read = read;
    if (node != null) {
      for (NodeTuple tuple : node.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          entries.put(key.getValue(), tuple);
        }
      }
    }
  }

  /** Parses a document whose top level must be a mapping (or empty). */
  static YamlTree parse(String file, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(file).build();
    try {
      Composer composer =
          new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> root = composer.getSingleNode();
      if (root.isEmpty()) {
        return new YamlTree(file, "", null, new TreeSet<>());
      }
      if (!(root.get() instanceof MappingNode mapping)) {
        throw new ConfigException(
            file + " line " + line(root.get()) + ": expected key: value pairs");
      }
      return new YamlTree(file, "", mapping, new TreeSet<>());
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new ConfigException(file + " line " + line + ": " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  /** The nested mapping under a key; an empty tree when the key is absent. */
  YamlTree section(String key) {
    NodeTuple tuple = take(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return new YamlTree(file, qualified(key), null, read);
    }
    if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
      throw error(key, tuple.getValueNode(), "expected a section of key: value pairs");
    }
    return new YamlTree(file, qualified(key), mapping, read);
  }

  /** A text value; empty when absent or blank. */
  Optional<String> text(String key) {
    NodeTuple tuple = take(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return Optional.empty();
    }
    if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
      throw error(key, tuple.getValueNode(), "expected a single value");
    }
    String value = scalar.getValue().strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** A text value that must be present. */
  String requiredText(String key) {
    return text(key).orElseThrow(() -> missing(key));
  }

  /**
   * A name, title or address: a text value that follows the {@link SingleLine} rule (no line break
   * or other control character).
   */
  Optional<String> line(String key) {
    Optional<String> value = text(key);
    if (value.isPresent()) {
      Optional<String> problem = SingleLine.problem(value.get());
      if (problem.isPresent()) {
        throw invalid(key, problem.get());
      }
    }
    return value;
  }

  /** A name, title or address that must be present; see {@link #line}. */
  String requiredLine(String key) {
    return line(key).orElseThrow(() -> missing(key));
  }

  /** A whole number within bounds; the default when absent. */
  int integer(String key, int defaultValue, int min, int max) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value.get());
      if (n < min || n > max) {
        throw error(
            key,
            entries.get(key).getValueNode(),
            "must be between " + min + " and " + max + ", is " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw error(
          key,
          entries.get(key).getValueNode(),
          "expected a whole number, got '" + value.get() + "'");
    }
  }

  /** A decimal number at least {@code min}; the default when absent. */
  double number(String key, double defaultValue, double min) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      double n = Double.parseDouble(value.get());
      if (n < min || Double.isNaN(n)) {
        throw error(key, entries.get(key).getValueNode(), "must be at least " + min + ", is " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw error(
          key, entries.get(key).getValueNode(), "expected a number, got '" + value.get() + "'");
    }
  }

  /** A list of text values; a single value counts as a list of one; empty when absent. */
  List<String> list(String key) {
    NodeTuple tuple = take(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return List.of();
    }
    Node value = tuple.getValueNode();
    if (value instanceof ScalarNode scalar) {
      return scalar.getValue().isBlank() ? List.of() : List.of(scalar.getValue().strip());
    }
    if (!(value instanceof SequenceNode seq)) {
      throw error(key, value, "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof ScalarNode s)) {
        throw error(key, item, "expected a list of single values");
      }
      out.add(s.getValue().strip());
    }
    return out;
  }

  /** A list of mappings, such as the feed sources. */
  List<YamlTree> sections(String key) {
    NodeTuple tuple = take(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return List.of();
    }
    if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
      throw error(key, tuple.getValueNode(), "expected a list of entries");
    }
    List<YamlTree> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode m)) {
        throw error(key, item, "each entry must be key: value pairs");
      }
      out.add(new YamlTree(file, qualified(key) + "[" + i++ + "]", m, read));
    }
    return out;
  }

  /**
   * The value of an enumerated setting (spelled as {@link Choices} says), or {@code fallback} when
   * the setting is absent; any other value is an error naming the line and the allowed values.
   */
  <E extends Enum<E>> E choice(String key, E fallback) {
    Class<E> type = fallback.getDeclaringClass();
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return fallback;
    }
    return Choices.parse(type, value.get())
        .orElseThrow(
            () ->
                invalid(
                    key, "must be " + Choices.alternatives(type) + ", is '" + value.get() + "'"));
  }

  /** The keys of this mapping that have a value (not empty, not {@code null}), in file order. */
  List<String> keysWithValues() {
    List<String> keys = new ArrayList<>();
    entries.forEach(
        (k, t) -> {
          if (!isNull(t.getValueNode())
              && !(t.getValueNode() instanceof ScalarNode sc && sc.getValue().isBlank())) {
            keys.add(k);
          }
        });
    return keys;
  }

  /** An error about the value of a key, naming the file, the line and the full key. */
  ConfigException invalid(String key, String problem) {
    NodeTuple tuple = entries.get(key);
    return error(key, tuple == null ? node : tuple.getValueNode(), problem);
  }

  /**
   * Fails on the first key in the whole document that no setting read, so that a misspelled setting
   * is not silently ignored.
   */
  void rejectUnknownKeys() {
    if (node == null) {
      return;
    }
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      String full = qualified(e.getKey());
      if (!read.contains(full)) {
        throw new ConfigException(
            file + " line " + line(e.getValue().getKeyNode()) + ": unknown setting '" + full + "'");
      }
      if (e.getValue().getValueNode() instanceof MappingNode m) {
        new YamlTree(file, full, m, read).rejectUnknownKeys();
      } else if (e.getValue().getValueNode() instanceof SequenceNode seq) {
        int i = 0;
        for (Node item : seq.getValue()) {
          if (item instanceof MappingNode m) {
            new YamlTree(file, full + "[" + i + "]", m, read).rejectUnknownKeys();
          }
          i++;
        }
      }
    }
  }

  private NodeTuple take(String key) {
    read.add(qualified(key));
    return entries.get(key);
  }

  private ConfigException missing(String key) {
    String where = node == null ? "" : " (section starting on line " + line(node) + ")";
    return new ConfigException(file + ": setting '" + qualified(key) + "' is required" + where);
  }

  private ConfigException error(String key, Node at, String problem) {
    return new ConfigException(
        file + " line " + line(at) + ": setting '" + qualified(key) + "' " + problem);
  }

  private String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null"));
  }

  private static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
