package com.provisioningops.sandbox;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The types of Graph's v1.0 metadata excerpt ({@code
 * shared/reference/graph/provisioning-v1-csdl.xml}): structured types with their properties (base
 * types folded in) and enum types with their members.
 */
final class Csdl {
  /** A structured type: property name → type name. */
  record StructuredType(String name, Map<String, String> properties, boolean open) {}

  final Map<String, StructuredType> types = new HashMap<>();
  final Map<String, Set<String>> enums = new HashMap<>();
  final Set<String> flagEnums = new LinkedHashSet<>();

  static Csdl load(Path file) throws Exception {
    // The excerpt is a sequence of elements, not one document: give it a root.
    String xml = "<root>" + Files.readString(file).replaceAll("<\\?xml[^>]*>", "") + "</root>";
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    var doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    Csdl csdl = new Csdl();
    Map<String, Element> structured = new LinkedHashMap<>();
    for (String tag : new String[] {"EntityType", "ComplexType"}) {
      NodeList list = doc.getElementsByTagName(tag);
      for (int i = 0; i < list.getLength(); i++) {
        Element e = (Element) list.item(i);
        structured.put(e.getAttribute("Name"), e);
      }
    }
    NodeList enumList = doc.getElementsByTagName("EnumType");
    for (int i = 0; i < enumList.getLength(); i++) {
      Element e = (Element) enumList.item(i);
      Set<String> members = new LinkedHashSet<>();
      NodeList m = e.getElementsByTagName("Member");
      for (int j = 0; j < m.getLength(); j++) {
        members.add(((Element) m.item(j)).getAttribute("Name"));
      }
      csdl.enums.put(e.getAttribute("Name"), members);
      if ("true".equals(e.getAttribute("IsFlags"))) {
        csdl.flagEnums.add(e.getAttribute("Name"));
      }
    }
    for (String name : structured.keySet()) {
      Map<String, String> props = new LinkedHashMap<>();
      boolean open = false;
      for (Element e = structured.get(name); e != null; ) {
        open |= "true".equals(e.getAttribute("OpenType"));
        for (String tag : new String[] {"Property", "NavigationProperty"}) {
          NodeList p = e.getElementsByTagName(tag);
          for (int j = 0; j < p.getLength(); j++) {
            Element prop = (Element) p.item(j);
            if (prop.getParentNode() == e) {
              props.putIfAbsent(prop.getAttribute("Name"), prop.getAttribute("Type"));
            }
          }
        }
        String base = e.getAttribute("BaseType").replace("graph.", "");
        e = base.isEmpty() ? null : structured.get(base);
      }
      csdl.types.put(name, new StructuredType(name, props, open));
    }
    return csdl;
  }

  static Path referenceFile() throws IOException {
    return com.provisioningops.SharedReference.file("graph/provisioning-v1-csdl.xml");
  }
}
