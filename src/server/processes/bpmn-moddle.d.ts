// bpmn-moddle 10 ships element types (bpmn-moddle/types) but none for its entry point: the part we use.
declare module 'bpmn-moddle' {
  export interface ModdleNode {
    $type: string;
    $attrs?: Record<string, string>;
    $children?: ModdleNode[];
    $body?: string;
    id?: string;
    name?: string;
    [key: string]: unknown;
  }
  export interface FromXmlResult {
    rootElement: ModdleNode;
    warnings: { message: string }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
    toXML(element: ModdleNode, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
