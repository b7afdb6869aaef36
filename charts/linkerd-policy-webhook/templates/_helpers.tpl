{{/* Chart name, truncated to a DNS label. */}}
{{- define "lpw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name used as the prefix of every resource. */}}
{{- define "lpw.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "lpw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "lpw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: admission-webhook
{{- end }}

{{/* Labels that select the webhook's pods. */}}
{{- define "lpw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lpw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The audit CronJob's name: at most 52 characters, so the Jobs it creates stay valid names. */}}
{{- define "lpw.auditName" -}}
{{- printf "%s-audit" (include "lpw.fullname" . | trunc 46 | trimSuffix "-") }}
{{- end }}

{{/* The audit's ServiceAccount: its own, so the webhook's pods gain none of the audit's reads. */}}
{{- define "lpw.auditServiceAccountName" -}}
{{- default (include "lpw.auditName" .) .Values.audit.cronJob.serviceAccountName }}
{{- end }}

{{/*
Labels of the audit's pods: never the webhook's selector labels, so the Service and the
PodDisruptionBudget never select an audit pod.
*/}}
{{- define "lpw.auditSelectorLabels" -}}
app.kubernetes.io/part-of: {{ include "lpw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: audit
{{- end }}

{{/* Labels of the audit CronJob and its Jobs. */}}
{{- define "lpw.auditLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "lpw.auditSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The ServiceAccount the pods run as. */}}
{{- define "lpw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "lpw.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding tls.crt and tls.key that the server mounts. */}}
{{- define "lpw.tlsSecretName" -}}
{{- if eq .Values.certs.mode "existingSecret" }}
{{- required "certs.existingSecret.name is required when certs.mode is existingSecret" .Values.certs.existingSecret.name }}
{{- else }}
{{- printf "%s-tls" (include "lpw.fullname" .) }}
{{- end }}
{{- end }}

{{/* The Service's DNS name, which the serving certificate must name. */}}
{{- define "lpw.serviceHost" -}}
{{- printf "%s.%s.svc" (include "lpw.fullname" .) .Release.Namespace }}
{{- end }}

{{/* The image reference: digest wins over tag; the tag defaults to appVersion. */}}
{{- define "lpw.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Fails rendering with a clear message when a value is outside its allowed set. */}}
{{- define "lpw.validateValues" -}}
{{- if not (has .Values.certs.mode (list "helm" "certManager" "existingSecret")) }}
{{- fail (printf "certs.mode must be helm, certManager or existingSecret, not %q" .Values.certs.mode) }}
{{- end }}
{{- if not (has .Values.server.overlap (list "deny" "warn")) }}
{{- fail (printf "server.overlap must be deny or warn, not %q" .Values.server.overlap) }}
{{- end }}
{{- if not (has .Values.server.unsynced (list "deny" "allow")) }}
{{- fail (printf "server.unsynced must be deny or allow, not %q" .Values.server.unsynced) }}
{{- end }}
{{- if not (has .Values.webhook.failurePolicy (list "Fail" "Ignore")) }}
{{- fail (printf "webhook.failurePolicy must be Fail or Ignore, not %q" .Values.webhook.failurePolicy) }}
{{- end }}
{{- if or (lt (int .Values.webhook.timeoutSeconds) 1) (gt (int .Values.webhook.timeoutSeconds) 30) }}
{{- fail "webhook.timeoutSeconds must be between 1 and 30" }}
{{- end }}
{{- if not (has .Values.webhook.enforcement (list "deny" "warn")) }}
{{- fail (printf "webhook.enforcement must be deny or warn, not %q" .Values.webhook.enforcement) }}
{{- end }}
{{- if not (has .Values.webhook.workloads.failurePolicy (list "Fail" "Ignore")) }}
{{- fail (printf "webhook.workloads.failurePolicy must be Fail or Ignore, not %q" .Values.webhook.workloads.failurePolicy) }}
{{- end }}
{{- if or (lt (int .Values.webhook.workloads.timeoutSeconds) 1) (gt (int .Values.webhook.workloads.timeoutSeconds) 30) }}
{{- fail "webhook.workloads.timeoutSeconds must be between 1 and 30" }}
{{- end }}
{{- with .Values.server.clientCA }}
{{- if and .secretName .configMapName }}
{{- fail "server.clientCA: set secretName or configMapName, not both" }}
{{- end }}
{{- end }}
{{- if not (has .Values.audit.cronJob.output (list "text" "json")) }}
{{- fail (printf "audit.cronJob.output must be text or json, not %q (policyreport needs kubectl to apply, which the image has not: see docs/chart.md, \"Continuous audit\")" .Values.audit.cronJob.output) }}
{{- end }}
{{- if not (has .Values.podAntiAffinity (list "soft" "hard" "none")) }}
{{- fail (printf "podAntiAffinity must be soft, hard or none, not %q" .Values.podAntiAffinity) }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector of every webhook entry. Never kube-system, never the release namespace (the
webhook must not block its own recovery), never a namespace carrying Linkerd's own opt-out label,
never those of `webhook.excludedNamespaces`. Namespace labels are cluster-admin territory: they are
the only way out, no object label is (an author could set it on their own object). `warn` selects
the namespaces labelled `linkerd-policy-webhook/enforcement: warn`; otherwise they are excluded.
*/}}
{{- define "lpw.namespaceSelector" -}}
{{- $values := .root.Values.webhook }}
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
        {{- toYaml (uniq (concat (list "kube-system" .root.Release.Namespace) $values.excludedNamespaces)) | nindent 8 }}
    - key: config.linkerd.io/admission-webhooks
      operator: NotIn
      values: [disabled]
    - key: linkerd-policy-webhook/enforcement
      operator: {{ ternary "In" "NotIn" .warn }}
      values: [warn]
    {{- with $values.namespaceSelectorExpressions }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
CEL: a Gateway API route is sent only when one of its parentRefs is a parent Linkerd serves: a
Service (group empty or `core`) or an EgressNetwork (outbound, Linkerd's `is_parent_service` and
`is_parent_egress_network`), or a Server (inbound). Kinds and groups compare without case, as
Linkerd does. The API server applies the CRD's defaults first (group gateway.networking.k8s.io,
kind Gateway), so a ref naming only a Gateway never matches; every field is still guarded.
*/}}
{{- define "lpw.linkerdParentCondition" -}}
- name: parent-served-by-linkerd
  expression: >-
    has(object.spec) && has(object.spec.parentRefs) &&
    object.spec.parentRefs.exists(p, has(p.kind) && (
      (p.kind.matches('^(?i)service$') &&
       (!has(p.group) || p.group == '' || p.group.matches('^(?i)core$'))) ||
      (has(p.group) && p.group.matches('^(?i)policy\\.linkerd\\.io$') &&
       p.kind.matches('^(?i)(server|egressnetwork)$'))))
{{- end }}

{{/*
CEL: a Namespace, Pod or workload is sent only when it carries
`config.linkerd.io/default-inbound-policy`: on a Namespace's or Pod's own metadata, on a workload's
pod template, on a CronJob's nested job template. Everything else never reaches the webhook.
*/}}
{{- define "lpw.annotatedCondition" -}}
- name: carries-default-inbound-policy
  expression: >-
    request.resource.resource in ['namespaces', 'pods'] ?
      has(object.metadata) && has(object.metadata.annotations) &&
      'config.linkerd.io/default-inbound-policy' in object.metadata.annotations :
    request.resource.resource == 'cronjobs' ?
      has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
      has(object.spec.jobTemplate.spec.template) &&
      has(object.spec.jobTemplate.spec.template.metadata) &&
      has(object.spec.jobTemplate.spec.template.metadata.annotations) &&
      'config.linkerd.io/default-inbound-policy' in object.spec.jobTemplate.spec.template.metadata.annotations :
    has(object.spec) && has(object.spec.template) && has(object.spec.template.metadata) &&
      has(object.spec.template.metadata.annotations) &&
      'config.linkerd.io/default-inbound-policy' in object.spec.template.metadata.annotations
{{- end }}
