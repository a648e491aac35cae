package io.scalecrm.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The facade never exposes a generated type: no public or protected member of a public type in
 * {@code io.scalecrm.crm} mentions {@code io.scalecrm.client.api}, {@code .model} or {@code
 * .invoker}. To fix a violation, map the generated type to one of the facade's records in {@link
 * GeneratedScaleApi}.
 */
class PublicApiTest {
  static final List<String> GENERATED =
      List.of(
          "io.scalecrm.client.api.", "io.scalecrm.client.model.", "io.scalecrm.client.invoker.");

  @Test
  void noPublicSignatureMentionsAGeneratedType() throws Exception {
    List<String> violations = new ArrayList<>();
    List<Class<?>> types = publicTypes();
    assertThat(types).as("public facade types found").hasSizeGreaterThan(15);
    for (Class<?> type : types) {
      for (Method m : type.getDeclaredMethods()) {
        if (exposed(m.getModifiers())) {
          check(violations, type, m.getName(), m.getGenericReturnType());
          checkParams(violations, type, m);
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (exposed(c.getModifiers())) {
          checkParams(violations, type, c);
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (exposed(f.getModifiers())) {
          check(violations, type, f.getName(), f.getGenericType());
        }
      }
      check(violations, type, "extends", type.getGenericSuperclass());
    }
    assertThat(violations).as("public members exposing generated types").isEmpty();
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkParams(List<String> violations, Class<?> type, Executable e) {
    for (Type p : e.getGenericParameterTypes()) {
      check(violations, type, e.getName(), p);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      check(violations, type, e.getName(), x);
    }
  }

  private static void check(List<String> violations, Class<?> owner, String member, Type type) {
    if (type == null) {
      return;
    }
    String name = type.getTypeName();
    for (String prefix : GENERATED) {
      if (name.contains(prefix)) {
        violations.add(owner.getName() + "#" + member + " uses " + name);
      }
    }
    if (type instanceof ParameterizedType) {
      for (Type arg : ((ParameterizedType) type).getActualTypeArguments()) {
        check(violations, owner, member, arg);
      }
    } else if (type instanceof WildcardType) {
      for (Type bound : ((WildcardType) type).getUpperBounds()) {
        check(violations, owner, member, bound);
      }
    }
  }

  static List<Class<?>> publicTypes()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(CrmSync.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = root.resolve("io/scalecrm/crm");
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(pkg)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(p).toString().replace('/', '.').replace(".class", "");
        Class<?> c = Class.forName(name);
        if (Modifier.isPublic(c.getModifiers())) {
          types.add(c);
        }
      }
    }
    return types;
  }
}
