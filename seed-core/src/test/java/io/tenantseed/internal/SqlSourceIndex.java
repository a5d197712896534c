package io.tenantseed.internal;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Who gives which value to what, in attributed sources: every variable's values
 * (initialiser, assignments, whatever is appended or added to it), every method's returned
 * values and the arguments of every call, and the {@link Site}s where SQL text is built or
 * handed to a method that runs it. Part of {@link SqlTextCheck}; not thread-safe.
 */
final class SqlSourceIndex {

  /** The values that go into SQL text at one place; {@code sink} names the method that takes it, if any. */
  record Site(List<TreePath> values, String sink) {}

  final Trees trees;
  final Map<Element, List<TreePath>> values = new HashMap<>();
  final Map<ExecutableElement, List<TreePath>> returns = new HashMap<>();
  final Map<ExecutableElement, List<List<TreePath>>> calls = new HashMap<>();
  final Map<ExecutableElement, MethodTree> methods = new HashMap<>();
  /** Methods used as method references: their parameters take values from anywhere. */
  final Set<ExecutableElement> referenced = new HashSet<>();
  /** Variables whose values cannot be followed, with the reason. */
  final Map<Element, String> opaque = new HashMap<>();
  /** Mutable variables handed to methods of the sources, and the parameters that received them. */
  final Map<Element, List<VariableElement>> aliases = new HashMap<>();
  /** {@code class#method:variable} of each local variable and parameter, for allowances. */
  final Map<Element, String> variableKeys = new HashMap<>();
  final List<Site> sites = new ArrayList<>();

  SqlSourceIndex(Trees trees, List<CompilationUnitTree> units) {
    this.trees = trees;
    for (CompilationUnitTree unit : units) {
      new Indexer().scan(unit, null);
    }
  }

  /** Fills the maps above and {@link #sites} from one compilation unit at a time. */
  private final class Indexer extends TreePathScanner<Void, Void> {
    private final Deque<Element> enclosing = new ArrayDeque<>();

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      enclosing.push(trees.getElement(getCurrentPath()));
      try {
        return super.visitClass(tree, unused);
      } finally {
        enclosing.pop();
      }
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
      ExecutableElement method = (ExecutableElement) trees.getElement(getCurrentPath());
      methods.put(method, tree);
      enclosing.push(method);
      try {
        return super.visitMethod(tree, unused);
      } finally {
        enclosing.pop();
      }
    }

    /**
     * A lambda given to a stream or collection operation takes the elements of what the
     * operations start from (a collection counts as safe when all its elements are); any
     * other lambda's parameters cannot be followed.
     */
    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      TreePath path = getCurrentPath();
      TreePath elements = null;
      if (path.getParentPath().getLeaf() instanceof MethodInvocationTree call
          && call.getMethodSelect() instanceof MemberSelectTree select
          && trees.getElement(child(path.getParentPath(), select)) instanceof ExecutableElement method
          && composing(method.getEnclosingElement())) {
        elements = origin(child(child(path.getParentPath(), select), select.getExpression()));
      }
      for (VariableTree parameter : tree.getParameters()) {
        Element element = trees.getElement(new TreePath(path, parameter));
        if (element == null) {
          continue;
        }
        variableKeys.put(element, keyOf(element));
        if (elements == null) {
          opaque.put(element, "lambda parameter " + parameter.getName());
        } else {
          given(element, elements);
        }
      }
      return super.visitLambdaExpression(tree, unused);
    }

    @Override
    public Void visitReturn(ReturnTree tree, Void unused) {
      if (tree.getExpression() != null && enclosingMethodOf(getCurrentPath()) instanceof ExecutableElement method) {
        returns.computeIfAbsent(method, m -> new ArrayList<>()).add(child(getCurrentPath(), tree.getExpression()));
      }
      return super.visitReturn(tree, unused);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      Element element = trees.getElement(getCurrentPath());
      if (element != null) {
        variableKeys.putIfAbsent(element, keyOf(element));
        if (tree.getInitializer() != null) {
          given(element, child(getCurrentPath(), tree.getInitializer()));
        }
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        if (parent instanceof EnhancedForLoopTree loop && loop.getVariable() == tree) {
          opaque.put(element, "loop variable " + tree.getName());
        } else if (parent instanceof CatchTree) {
          opaque.put(element, "exception " + tree.getName());
        } else if (element.getKind() == ElementKind.BINDING_VARIABLE) {
          opaque.put(element, "pattern variable " + tree.getName());
        }
      }
      return super.visitVariable(tree, unused);
    }

    @Override
    public Void visitAssignment(AssignmentTree tree, Void unused) {
      assigned(tree.getVariable(), tree.getExpression());
      return super.visitAssignment(tree, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
      assigned(tree.getVariable(), tree.getExpression());
      return super.visitCompoundAssignment(tree, unused);
    }

    private void assigned(ExpressionTree target, ExpressionTree value) {
      ExpressionTree root = target;
      while (root instanceof ArrayAccessTree access) {
        root = access.getExpression();
      }
      Element element = trees.getElement(child(getCurrentPath(), root));
      if (element != null) {
        given(element, child(getCurrentPath(), value));
      }
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
      TreePath path = getCurrentPath();
      Element element = trees.getElement(child(path, tree.getMethodSelect()));
      List<TreePath> arguments = tree.getArguments().stream().map(a -> child(path, a)).toList();
      if (element instanceof ExecutableElement method) {
        calls.computeIfAbsent(method, m -> new ArrayList<>()).add(arguments);
        escapes(method, arguments);
        String name = method.getSimpleName().toString();
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        if (SqlTextCheck.SINKS.getOrDefault(owner, Set.of()).contains(name) && !arguments.isEmpty()
            && isString(trees.getTypeMirror(arguments.get(0)))) {
          sites.add(new Site(List.of(arguments.get(0)), owner.substring(owner.lastIndexOf('.') + 1) + "." + name));
        }
        if (owner.equals("java.lang.String") && (name.equals("format") || name.equals("formatted"))) {
          List<TreePath> formatted = new ArrayList<>(arguments);
          if (name.equals("formatted") && tree.getMethodSelect() instanceof MemberSelectTree select) {
            formatted.add(0, child(child(path, tree.getMethodSelect()), select.getExpression()));
          }
          if (SqlTextCheck.SQL.matcher(text(formatted)).find()) {
            sites.add(new Site(formatted, null));
          }
        }
      }
      // Whatever is appended or added to a variable is one of its values.
      if (tree.getMethodSelect() instanceof MemberSelectTree select) {
        Element receiver = root(child(child(path, tree.getMethodSelect()), select.getExpression()));
        if (receiver instanceof VariableElement) {
          arguments.forEach(argument -> given(receiver, argument));
        }
      }
      return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      TreePath path = getCurrentPath();
      Element element = trees.getElement(path);
      List<TreePath> arguments = tree.getArguments().stream().map(a -> child(path, a)).toList();
      if (element instanceof ExecutableElement constructor) {
        calls.computeIfAbsent(constructor, m -> new ArrayList<>()).add(arguments);
        escapes(constructor, arguments);
      }
      return super.visitNewClass(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
      if (trees.getElement(getCurrentPath()) instanceof ExecutableElement method) {
        referenced.add(method);
      }
      return super.visitMemberReference(tree, unused);
    }

    @Override
    public Void visitBinary(BinaryTree tree, Void unused) {
      TreePath path = getCurrentPath();
      if (tree.getKind() == Tree.Kind.PLUS && isString(trees.getTypeMirror(path)) && !insideConcatenation(path)) {
        List<TreePath> operands = new ArrayList<>();
        flatten(path, operands);
        if (SqlTextCheck.SQL.matcher(text(operands)).find()) {
          sites.add(new Site(operands, null));
        }
      }
      return super.visitBinary(tree, unused);
    }

    @Override
    public Void visitCompilationUnit(CompilationUnitTree tree, Void unused) {
      super.visitCompilationUnit(tree, unused);
      // A StringBuilder is one concatenation: its literal text decides, all its values count.
      values.forEach((variable, given) -> {
        if (given.get(0).getCompilationUnit() == tree && variable instanceof VariableElement v
            && isBuilder(v.asType())) {
          List<TreePath> parts = new ArrayList<>();
          for (TreePath value : given) {
            if (value.getLeaf() instanceof NewClassTree created) {
              created.getArguments().forEach(a -> parts.add(child(value, a)));
            } else {
              parts.add(value);
            }
          }
          parts.sort(Comparator.comparingLong(p -> trees.getSourcePositions().getStartPosition(tree, p.getLeaf())));
          if (SqlTextCheck.SQL.matcher(text(parts)).find()) {
            sites.add(new Site(parts, null));
          }
        }
      });
      return null;
    }

    /**
     * A mutable value handed to a method of the sources takes whatever that method appends or
     * adds to its parameter; handed to a library, it can no longer be followed.
     */
    private void escapes(ExecutableElement callee, List<TreePath> arguments) {
      if (composing(callee.getEnclosingElement())) {
        return;
      }
      for (int i = 0; i < arguments.size(); i++) {
        TreePath argument = arguments.get(i);
        if (argument.getLeaf() instanceof IdentifierTree && trees.getElement(argument) instanceof VariableElement v
            && mutable(v.asType())) {
          if (trees.getPath(callee) != null && i < callee.getParameters().size()) {
            aliases.computeIfAbsent(v, a -> new ArrayList<>()).add(callee.getParameters().get(i));
          } else {
            opaque.put(v, v.getSimpleName() + ", which is handed to " + key(callee) + " (that may change it)");
          }
        }
      }
    }

    private String keyOf(Element element) {
      Element method = enclosing.peek();
      Element type = method;
      while (type != null && !(type instanceof TypeElement)) {
        type = type.getEnclosingElement();
      }
      if (element.getKind() == ElementKind.FIELD || method == null) {
        return key(element);
      }
      String typeName = type == null ? "?" : ((TypeElement) type).getQualifiedName().toString();
      String methodName = method instanceof ExecutableElement ? method.getSimpleName().toString() : "";
      return typeName + "#" + methodName + ":" + element.getSimpleName();
    }
  }

  void given(Element element, TreePath value) {
    values.computeIfAbsent(element, e -> new ArrayList<>()).add(value);
  }

  /** The method a return statement returns from, or null inside a lambda. */
  private Element enclosingMethodOf(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return null;
      }
      if (leaf instanceof MethodTree) {
        return trees.getElement(p);
      }
    }
    return null;
  }

  /** What a chain of stream and collection operations starts from: {@code list} of {@code list.stream().map(...)}. */
  private TreePath origin(TreePath path) {
    if (path.getLeaf() instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree select
        && trees.getElement(child(path, select)) instanceof ExecutableElement method
        && composing(method.getEnclosingElement()) && !method.getModifiers().contains(Modifier.STATIC)) {
      return origin(child(child(path, select), select.getExpression()));
    }
    return path;
  }

  /** The variable at the root of {@code a.append(x).append(y)}, {@code a.b}, {@code a}, or null. */
  private Element root(TreePath path) {
    Tree leaf = path.getLeaf();
    if (leaf instanceof MethodInvocationTree call && call.getMethodSelect() instanceof MemberSelectTree select) {
      return root(child(child(path, call.getMethodSelect()), select.getExpression()));
    }
    if (leaf instanceof IdentifierTree || leaf instanceof MemberSelectTree) {
      Element element = trees.getElement(path);
      return element instanceof VariableElement ? element : null;
    }
    if (leaf instanceof ParenthesizedTree parenthesized) {
      return root(child(path, parenthesized.getExpression()));
    }
    return null;
  }

  private boolean insideConcatenation(TreePath path) {
    TreePath parent = path.getParentPath();
    while (parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    return parent.getLeaf().getKind() == Tree.Kind.PLUS && isString(trees.getTypeMirror(parent));
  }

  private void flatten(TreePath path, List<TreePath> operands) {
    Tree leaf = path.getLeaf();
    if (leaf instanceof ParenthesizedTree parenthesized) {
      flatten(child(path, parenthesized.getExpression()), operands);
    } else if (leaf.getKind() == Tree.Kind.PLUS && isString(trees.getTypeMirror(path))) {
      BinaryTree binary = (BinaryTree) leaf;
      flatten(child(path, binary.getLeftOperand()), operands);
      flatten(child(path, binary.getRightOperand()), operands);
    } else {
      operands.add(path);
    }
  }

  /** The literal text of some values, with "_" for each value that is not a literal or constant. */
  private String text(List<TreePath> parts) {
    StringBuilder text = new StringBuilder();
    for (TreePath part : parts) {
      Object constant = null;
      if (part.getLeaf() instanceof LiteralTree literal) {
        constant = literal.getValue();
      } else if (trees.getElement(part) instanceof VariableElement variable) {
        constant = variable.getConstantValue();
      }
      text.append(constant == null ? " _ " : constant.toString());
    }
    return text.toString();
  }

  /** Whether code outside the sources can reach it: public or protected, through public or protected types. */
  static boolean exported(Element element) {
    for (Element e = element; e != null && !(e instanceof PackageElement); e = e.getEnclosingElement()) {
      if (e instanceof TypeElement type && type.getNestingKind() != NestingKind.TOP_LEVEL
          && type.getNestingKind() != NestingKind.MEMBER) {
        return false;
      }
      boolean interfaceMember = e.getEnclosingElement() != null && e.getEnclosingElement().getKind().isInterface();
      Set<Modifier> modifiers = e.getModifiers();
      if (!interfaceMember && !modifiers.contains(Modifier.PUBLIC) && !modifiers.contains(Modifier.PROTECTED)) {
        return false;
      }
    }
    return true;
  }

  static boolean composing(Element type) {
    return type instanceof TypeElement t && SqlTextCheck.COMPOSING.contains(t.getQualifiedName().toString());
  }

  static boolean isString(TypeMirror type) {
    return type != null && type.getKind() == TypeKind.DECLARED && type.toString().equals("java.lang.String");
  }

  static boolean isBuilder(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && (type.toString().equals("java.lang.StringBuilder") || type.toString().equals("java.lang.StringBuffer"));
  }

  static boolean mutable(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return true;
    }
    String name = type.toString().replaceAll("<.*", "");
    return name.equals("java.lang.StringBuilder") || name.equals("java.lang.StringBuffer")
        || (name.startsWith("java.util.") && (name.endsWith("List") || name.endsWith("Set") || name.endsWith("Map")
            || name.endsWith("Collection") || name.endsWith("Deque") || name.endsWith("Queue")));
  }

  static String key(Element element) {
    Element owner = element.getEnclosingElement();
    String ownerName = owner instanceof TypeElement type ? type.getQualifiedName().toString() : String.valueOf(owner);
    return ownerName + "#" + element.getSimpleName();
  }

  static TreePath child(TreePath parent, Tree leaf) {
    return new TreePath(parent, leaf);
  }
}
