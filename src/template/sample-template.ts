/**
 * The sample template the walkthrough opens (ECI: Open Sample Template): samples/nginx.eci.yaml, word for word
 * (test/unit/walkthrough.test.ts holds them equal), so that a newcomer without a clone of this repository has it too.
 */
export const SAMPLE_TEMPLATE_NAME = 'hello-nginx.eci.yaml';

export const SAMPLE_TEMPLATE = `# A web server with a health check: deploy it to the local emulator from the ECI explorer.
regionId: cn-hangzhou
containerGroupName: hello-nginx
resources:
  cpu: 1
  memory: 2
tags:
  - key: app
    value: hello
spec:
  restartPolicy: Always
  containers:
    - name: nginx
      image: nginx:1.27-alpine
      imagePullPolicy: IfNotPresent
      resources:
        cpu: 1
        memory: 2
      ports:
        - protocol: TCP
          containerPort: 80
      readinessProbe:
        httpGet:
          path: /
          port: 80
        periodSeconds: 5
`;
