package io.tenantseed.internal;

import static io.tenantseed.internal.SqlSourceIndex.child;
import static io.tenantseed.internal.SqlSourceIndex.composing;
import static io.tenantseed.internal.SqlSourceIndex.exported;
import static io.tenantseed.internal.SqlSourceIndex.key;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.tenantseed.internal.SqlSourceIndex.Site;
import io.tenantseed.internal.SqlTextCheck.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Decides by the rule of {@link SqlTextCheck} whether a value may go into SQL text, following
 * variables, parameters and method results through a {@link SqlSourceIndex}. What a value
 * depends on counts as safe until {@link #solve()} finds otherwise, so that values built from
 * each other in a circle are safe when nothing outside the circle is unsafe. Not thread-safe.
 */
final class SqlValueSafety {

  private final Trees trees;
  private final SqlSourceIndex index;
  private final Map<String, String> allowances;
  private final Function<CompilationUnitTree, String> fileNames;
  private final Set<String> usedAllowances = new HashSet<>();
  private final Set<Object> nodes = new LinkedHashSet<>();
  private final Map<Object, String> unsafeNodes = new HashMap<>();

  SqlValueSafety(SqlSourceIndex index, Map<String, String> allowances, Function<CompilationUnitTree, String> fileNames) {
    this.trees = index.trees;
    this.index = index;
    this.allowances = allowances;
    this.fileNames = fileNames;
  }

  /** The allowances that matched something. */
  Set<String> usedAllowances() {
    return usedAllowances;
  }

  /** The values of {@code site} that are not safe, as findings. */
  List<Finding> findings(Site site) {
    List<Finding> found = new ArrayList<>();
    for (TreePath value : site.values()) {
      String why = unsafe(value);
      if (why != null) {
        String what = site.sink() == null ? "SQL text built from " : "SQL text given to " + site.sink() + " is ";
        found.add(new Finding(fileNames.apply(value.getCompilationUnit()), line(value),
            what + "`" + shorten(value.getLeaf().toString()) + "`: " + why));
      }
    }
    return found;
  }

  /** Null if the value is safe, else why not. */
  private String unsafe(TreePath path) {
    Tree tree = path.getLeaf();
    switch (tree.getKind()) {
      case STRING_LITERAL, CHAR_LITERAL, INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL,
          NULL_LITERAL -> {
        return null;
      }
      case PARENTHESIZED -> {
        return unsafe(child(path, ((ParenthesizedTree) tree).getExpression()));
      }
      case TYPE_CAST -> {
        return unsafe(child(path, ((TypeCastTree) tree).getExpression()));
      }
      case CONDITIONAL_EXPRESSION -> {
        ConditionalExpressionTree conditional = (ConditionalExpressionTree) tree;
        return first(unsafe(child(path, conditional.getTrueExpression())),
            unsafe(child(path, conditional.getFalseExpression())));
      }
      default -> {
      }
    }
    if (numberOrBoolean(trees.getTypeMirror(path))) {
      return null;
    }
    if (tree instanceof BinaryTree binary) {
      return first(unsafe(child(path, binary.getLeftOperand())), unsafe(child(path, binary.getRightOperand())));
    }
    switch (tree.getKind()) {
      case IDENTIFIER, MEMBER_SELECT -> {
        Element element = trees.getElement(path);
        if (element instanceof VariableElement variable) {
          return variable(variable);
        }
        return element == null ? "a name that does not resolve" : "a " + element.getKind().toString().toLowerCase();
      }
      case METHOD_INVOCATION -> {
        return invocation(path, (MethodInvocationTree) tree);
      }
      case NEW_CLASS -> {
        NewClassTree created = (NewClassTree) tree;
        Element constructor = trees.getElement(path);
        if (constructor != null && composing(constructor.getEnclosingElement())) {
          return all(path, created.getArguments());
        }
        return "a new " + created.getIdentifier();
      }
      case LAMBDA_EXPRESSION -> {
        LambdaExpressionTree lambda = (LambdaExpressionTree) tree;
        if (lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
          return unsafe(child(path, lambda.getBody()));
        }
        List<TreePath> results = new ArrayList<>();
        new Returns(results).scan(child(path, lambda.getBody()), null);
        for (TreePath result : results) {
          String why = unsafe(result);
          if (why != null) {
            return why;
          }
        }
        return null;
      }
      case MEMBER_REFERENCE -> {
        Element method = trees.getElement(path);
        return method instanceof ExecutableElement m && SqlTextCheck.QUOTING.contains(key(m)) ? null
            : "a method reference to " + (method == null ? "something unresolved" : key(method));
      }
      case NEW_ARRAY -> {
        NewArrayTree array = (NewArrayTree) tree;
        return array.getInitializers() == null ? null : all(path, array.getInitializers());
      }
      case ARRAY_ACCESS -> {
        return unsafe(child(path, ((ArrayAccessTree) tree).getExpression()));
      }
      case ASSIGNMENT -> {
        return unsafe(child(path, ((AssignmentTree) tree).getExpression()));
      }
      default -> {
        return "an expression of kind " + tree.getKind();
      }
    }
  }

  private String invocation(TreePath path, MethodInvocationTree call) {
    Element element = trees.getElement(child(path, call.getMethodSelect()));
    if (!(element instanceof ExecutableElement method)) {
      return "a call of " + call.getMethodSelect() + " that does not resolve";
    }
    if (SqlTextCheck.QUOTING.contains(key(method))) {
      return null;
    }
    if (allowances.containsKey(key(method))) {
      usedAllowances.add(key(method));
      return null;
    }
    if (index.methods.containsKey(method)) {
      return node(method);
    }
    VariableElement component = recordComponentField(method);
    if (component != null) {
      return variable(component);
    }
    if (composing(method.getEnclosingElement())) {
      // A mapped stream holds what the function makes, not what it started from.
      boolean mapped = SqlTextCheck.MAPPING.contains(method.getSimpleName().toString());
      if (!mapped && call.getMethodSelect() instanceof MemberSelectTree select
          && !method.getModifiers().contains(Modifier.STATIC)) {
        String why = unsafe(child(child(path, call.getMethodSelect()), select.getExpression()));
        if (why != null) {
          return why;
        }
      }
      return all(path, call.getArguments());
    }
    return "a value of " + key(method) + "()";
  }

  private String variable(VariableElement variable) {
    if (variable.getConstantValue() != null) {
      return null;
    }
    String key = index.variableKeys.get(variable);
    if (key != null && allowances.containsKey(key)) {
      usedAllowances.add(key);
      return null;
    }
    String why = index.opaque.get(variable);
    if (why != null) {
      return why;
    }
    return switch (variable.getKind()) {
      case FIELD -> trees.getPath(variable) == null ? "field " + key(variable) + " of a library" : node(variable);
      case PARAMETER, LOCAL_VARIABLE, RESOURCE_VARIABLE -> node(variable);
      default -> "a " + variable.getKind().toString().toLowerCase() + " " + variable.getSimpleName();
    };
  }

  /** A variable or method result: safe as far as known, checked for good in {@link #solve()}. */
  private String node(Object node) {
    String why = unsafeNodes.get(node);
    if (why == null) {
      nodes.add(node);
    }
    return why;
  }

  /** Marks unsafe every node with an unsafe value, until nothing changes. */
  void solve() {
    boolean changed = true;
    while (changed) {
      changed = false;
      int known = nodes.size();
      for (Object node : List.copyOf(nodes)) {
        if (!unsafeNodes.containsKey(node)) {
          String why = verify(node);
          if (why != null) {
            unsafeNodes.put(node, why);
            changed = true;
          }
        }
      }
      changed |= nodes.size() != known;
    }
  }

  private String verify(Object node) {
    if (node instanceof ExecutableElement method) {
      MethodTree tree = index.methods.get(method);
      if (tree.getBody() == null) {
        return "the result of " + key(method) + "(), which has no body here";
      }
      for (TreePath value : index.returns.getOrDefault(method, List.of())) {
        String why = unsafe(value);
        if (why != null) {
          return "the result of " + key(method) + "(), " + why;
        }
      }
      return null;
    }
    VariableElement variable = (VariableElement) node;
    List<TreePath> given = new ArrayList<>(index.values.getOrDefault(variable, List.of()));
    for (VariableElement parameter : index.aliases.getOrDefault(variable, List.of())) {
      given.addAll(index.values.getOrDefault(parameter, List.of()));
    }
    String name = variable.getSimpleName().toString();
    if (variable.getKind() == ElementKind.PARAMETER
        && ((ExecutableElement) variable.getEnclosingElement()).getParameters().contains(variable)) {
      // (a lambda's parameters are the enclosing method's elements too, but not its parameters)
      ExecutableElement method = (ExecutableElement) variable.getEnclosingElement();
      if (index.referenced.contains(method)) {
        return "parameter " + name + " of " + key(method) + ", which is used as a method reference";
      }
      if (exported(method)) {
        return "parameter " + name + " of " + key(method) + ", which code outside can call";
      }
      List<List<TreePath>> sites = index.calls.getOrDefault(method, List.of());
      if (sites.isEmpty()) {
        return "parameter " + name + " of " + key(method) + ", which nothing here calls";
      }
      int position = method.getParameters().indexOf(variable);
      for (List<TreePath> arguments : sites) {
        boolean rest = method.isVarArgs() && position == method.getParameters().size() - 1;
        for (int i = position; i < arguments.size() && (i == position || rest); i++) {
          given.add(arguments.get(i));
        }
      }
    } else if (variable.getKind() == ElementKind.FIELD) {
      if (exported(variable) && !variable.getModifiers().contains(Modifier.FINAL)) {
        return "field " + key(variable) + ", which code outside can set";
      }
      Element owner = variable.getEnclosingElement();
      if (owner.getKind() == ElementKind.RECORD && !variable.getModifiers().contains(Modifier.STATIC)) {
        List<? extends RecordComponentElement> components = ((TypeElement) owner).getRecordComponents();
        int position = components.stream().map(c -> c.getSimpleName().toString()).toList().indexOf(name);
        index.calls.forEach((constructor, arguments) -> {
          if (constructor.getKind() == ElementKind.CONSTRUCTOR && constructor.getEnclosingElement().equals(owner)
              && constructor.getParameters().size() == components.size()) {
            arguments.forEach(list -> given.add(list.get(position)));
          }
        });
        if (exported(owner)) {
          return "component " + key(variable) + " of a record that code outside can make";
        }
      }
    }
    for (TreePath value : given) {
      String why = unsafe(value);
      if (why != null) {
        return (variable.getKind() == ElementKind.FIELD ? "field " : "") + name + " = `"
            + shorten(value.getLeaf().toString()) + "` (" + fileNames.apply(value.getCompilationUnit()) + ":"
            + line(value) + "), " + why;
      }
    }
    return null;
  }

  private String all(TreePath parent, List<? extends ExpressionTree> expressions) {
    for (ExpressionTree expression : expressions) {
      String why = unsafe(child(parent, expression));
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** The record field behind an implicit accessor such as {@code rows.where()}, or null. */
  private VariableElement recordComponentField(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    if (owner.getKind() != ElementKind.RECORD || !method.getParameters().isEmpty()) {
      return null;
    }
    for (RecordComponentElement component : ((TypeElement) owner).getRecordComponents()) {
      if (method.equals(component.getAccessor())) {
        for (Element member : owner.getEnclosedElements()) {
          if (member.getKind() == ElementKind.FIELD && member.getSimpleName().equals(component.getSimpleName())) {
            return (VariableElement) member;
          }
        }
      }
    }
    return null;
  }

  private static boolean numberOrBoolean(TypeMirror type) {
    if (type == null) {
      return false;
    }
    return switch (type.getKind()) {
      case INT, LONG, SHORT, BYTE, FLOAT, DOUBLE, BOOLEAN -> true;
      case DECLARED -> SqlTextCheck.NUMBERS.contains(type.toString());
      default -> false;
    };
  }

  /** Collects the values returned by a lambda body, not by lambdas or classes inside it. */
  private static final class Returns extends TreePathScanner<Void, Void> {
    private final List<TreePath> results;

    Returns(List<TreePath> results) {
      this.results = results;
    }

    @Override
    public Void visitReturn(ReturnTree tree, Void unused) {
      if (tree.getExpression() != null) {
        results.add(child(getCurrentPath(), tree.getExpression()));
      }
      return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      return null;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      return null;
    }
  }

  private long line(TreePath path) {
    CompilationUnitTree unit = path.getCompilationUnit();
    return unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, path.getLeaf()));
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
  }
}
